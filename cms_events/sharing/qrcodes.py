"""QR codes as bytes: SVG for the page and print, PNG for download. No HTTP here."""

import io

import qrcode
from qrcode.image.svg import SvgPathImage

# M recovers from about 15 % damage: enough for print that gets folded or smudged.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QUIET_ZONE = 4


def make_qr(url):
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_svg(url):
    """Return a standalone SVG of the QR code for `url`."""
    buffer = io.BytesIO()
    make_qr(url).make_image(image_factory=SvgPathImage).save(buffer)
    return buffer.getvalue()


def qr_png(url, *, box_size=10):
    """Return a PNG of the QR code for `url`."""
    code = make_qr(url)
    code.box_size = box_size
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
