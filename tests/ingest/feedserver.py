"""A tiny HTTP server on loopback that serves feeds for the tests (never the internet)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Agency wire</title><link>http://example.org/</link>
<description>Wire copy</description><lastBuildDate>Sun, 01 Oct 2017 08:00:00 +0000</lastBuildDate>
{items}
</channel></rss>
"""
ITEM = """<item><title>{title}</title><link>http://example.org/{slug}</link><guid>{slug}</guid>
<pubDate>{date}</pubDate><description><![CDATA[<p>{body}</p><script>track()</script>]]></description></item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Monitor</title><id>urn:monitor</id>
<updated>2018-03-05T08:00:00Z</updated>
<entry><title>Shelling of Douma</title><id>urn:monitor:1</id><link href="http://monitor.example/1"/>
<updated>2018-03-05T07:00:00Z</updated>
<content type="html">&lt;p&gt;BEIRUT, March 4 (Monitor) - Government shelling killed at least 12 civilians in Douma
on Sunday, the monitor said.&lt;/p&gt;</content></entry>
</feed>
"""


def rss(*items: tuple[str, str, str, str]) -> str:
    """An RSS feed of (title, slug, RFC 822 date, body) items."""
    return RSS.format(items="\n".join(ITEM.format(title=t, slug=s, date=d, body=b) for t, s, d, b in items))


@dataclass
class FeedServer:
    routes: dict[str, tuple[int, str]] = field(default_factory=dict)  # path -> (status, body)
    hang: set[str] = field(default_factory=set)  # paths that never answer (until the server stops)
    base: str = ""
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    served = FeedServer()
    released = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            served.hits.append(self.path)
            if self.path in served.hang:
                released.wait(10)
                return
            status, body = served.routes.get(self.path, (404, "not found"))
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("content-type", "application/rss+xml; charset=utf-8")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        released.set()
        server.shutdown()
        server.server_close()
        thread.join()
