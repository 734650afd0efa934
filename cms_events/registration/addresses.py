"""Email addresses written so that one mailbox has one spelling.

`jan@bücher.nl` and `jan@xn--bcher-kva.nl` reach the same mailbox, and so do `"jan"@example.org`
and `jan@example.org`: before the check for a registration with the same address, both are
written the same way, so the database's unique index (on the lowercased address) sees one.
"""

import re

import idna

# RFC 5322 dot-atom: what a local part may be without quotes.
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
DOT_ATOM = re.compile(rf"{ATOM}(\.{ATOM})*")
QUOTED_PAIR = re.compile(r"\\(.)")


def normalise_local_part(local):
    """Return the local part without quotes when it needs none (`"jan"` → `jan`)."""
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        unquoted = QUOTED_PAIR.sub(r"\1", local[1:-1])
        if DOT_ATOM.fullmatch(unquoted):
            return unquoted
    return local


def normalise_domain(domain):
    """Return the domain in lowercase Unicode (`XN--BCHER-KVA.NL` → `bücher.nl`).

    IDNA 2008 with the UTS #46 mapping, as browsers use it; a domain that is no valid IDNA
    name is only lowercased.
    """
    domain = domain.rstrip(".")
    try:
        return idna.decode(idna.encode(domain, uts46=True))
    except (idna.IDNAError, UnicodeError):
        return domain.lower()


def normalise_email(address):
    """Return `address` with its domain in lowercase Unicode and needless quotes removed.

    The case of the local part is kept for display; uniqueness is checked case-insensitively.
    """
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return address
    return f"{normalise_local_part(local)}@{normalise_domain(domain)}"
