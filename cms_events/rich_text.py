"""Rich text of a StreamField expanded in one pass: its page links cost a few queries in all.

Wagtail expands each rich text value on its own, and each page link in it looks up the active
locale again: a program of 100 items with a link each took some 300 queries. Here the values
of one block type in one StreamField share a batch that is expanded once, on first use, and
the page link handler (`page_links.py`) asks for the active locale once per batch.
"""

from django.template.loader import render_to_string
from wagtail import blocks
from wagtail.rich_text import RichText, expand_db_html

# Rewriters only touch <a> and <embed> tags, so a comment separates the values unchanged.
BOUNDARY = "<!--cms-events:rich-text-boundary-->"


class RichTextBatch:
    """The sources of several rich text values, expanded together when one is first shown."""

    def __init__(self, sources):
        self.sources = sources
        self.expanded = None

    def html(self, index):
        if self.expanded is None:
            parts = expand_db_html(BOUNDARY.join(self.sources)).split(BOUNDARY)
            if len(parts) != len(self.sources):  # a source held the boundary itself
                parts = [expand_db_html(source) for source in self.sources]
            self.expanded = parts
        return self.expanded[index]


class BatchedRichText(RichText):
    """A rich text value that is expanded with the rest of its batch."""

    def __init__(self, source, batch, index):
        super().__init__(source)
        self.batch = batch
        self.index = index

    def __html__(self):
        html = self.batch.html(self.index)
        return render_to_string("wagtailcore/shared/richtext.html", {"html": html})


class BatchedRichTextBlock(blocks.RichTextBlock):
    """A `RichTextBlock` whose values in one StreamField are expanded in one pass."""

    def deconstruct(self):
        # Stored as a RichTextBlock, as Wagtail stores StructBlock subclasses as StructBlock:
        # the data is the same, only its rendering differs.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.RichTextBlock", args, kwargs

    def bulk_to_python(self, values):
        batch = RichTextBatch([value or "" for value in values])
        return [BatchedRichText(source, batch, i) for i, source in enumerate(batch.sources)]
