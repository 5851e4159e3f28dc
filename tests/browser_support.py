"""Headless Debian Chromium for the browser tests, driven by Playwright (no browser download)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@contextmanager
def local_server(root: Path) -> Iterator[str]:
    """The site on http://127.0.0.1:<free port>/, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search_until_results(page: object, query: str, timeout_error: type[Exception]) -> bool:
    """Type a query into Material's search until results show. A query typed while the search
    worker is still loading its index is dropped, so type again (waiting on results, never on
    a clock). The End key after typing stands for the key that ends an input method's
    composition: text typed as CJK arrives without the key events Material listens to."""
    for _ in range(6):
        page.fill(".md-search__input", "")  # type: ignore[attr-defined]
        page.type(".md-search__input", query)  # type: ignore[attr-defined]
        page.press(".md-search__input", "End")  # type: ignore[attr-defined]
        try:
            page.wait_for_selector(".md-search-result__item a", timeout=5000)  # type: ignore[attr-defined]
            return True
        except timeout_error:
            continue
    return False
