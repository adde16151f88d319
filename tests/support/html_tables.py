"""Read the tables of a rendered page as text, to check the numbers a user sees."""

from html.parser import HTMLParser


class _TableReader(HTMLParser):
    """Collects [title, rows] per <table>: its caption, else the heading before it."""

    def __init__(self):
        super().__init__()
        self.tables: list[list] = []
        self._heading: list[str] | None = None
        self._last_heading = ""
        self._caption: list[str] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        elif tag == "table":
            self.tables.append([self._last_heading, []])
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self._last_heading = " ".join("".join(self._heading).split())
            self._heading = None
        elif tag == "caption" and self._caption is not None:
            self.tables[-1][0] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data):
        for part in (self._heading, self._caption, self._cell):
            if part is not None:
                part.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """{title: rows (header row first)} for every table on the page."""
    reader = _TableReader()
    reader.feed(html)
    return {title: rows for title, rows in reader.tables}
