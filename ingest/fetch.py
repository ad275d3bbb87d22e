"""Fetch guidance by its address, politely and safely, and ingest it through the normal pipeline.

The client (``PoliteClient``) speaks only http(s); resolves each host itself and connects to an
address it has checked (never a private, loopback, link-local, multicast or reserved one, unless
``RSKG_FETCH_ALLOW_LOOPBACK`` lets loopback through), on every redirect hop; follows at most
``RSKG_FETCH_MAX_REDIRECTS`` redirects; honours robots.txt (read once per host, RFC 9309); sends one
request at a time with ``RSKG_FETCH_DELAY`` seconds (or the site's Crawl-delay) between two to the
same host; bounds each download in time and bytes (``RSKG_FETCH_TIMEOUT``, ``RSKG_FETCH_MAX_SECONDS``,
``RSKG_MAX_FILE_MB``); names itself in its User-Agent; and asks again conditionally (ETag,
Last-Modified), so an unchanged document is not downloaded twice.

The format comes from the bytes and the Content-Type, never from the address. Each download is
staged under a folder named by its content hash with a sidecar (``FILE.toml``) that gives its source
(the final address), the metadata the user gave, and the server's Last-Modified as a date of last
resort; the pipeline ingests it and keeps its own content-named copy. What happened to each address
is kept in ``fetched.json`` in the data directory (``SourceBook``): ``rskg sources`` lists it and
``rskg refresh`` fetches every address in it again.
"""

import email.utils
import fcntl
import hashlib
import ipaddress
import json
import os
import shutil
import socket
import ssl
import tempfile
import time
import zipfile
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from html.parser import HTMLParser
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from urllib.parse import urldefrag, urljoin, urlparse
from urllib.robotparser import RobotFileParser

import httpx

from .errors import RskgError
from .links import DEFAULT_PORTS
from .manifest import Given, check_given, is_address, sidecar_of, slug
from .pipeline import IngestReport, ingest
from .registry import REGISTRY_NAME, Registry, RegistryError
from .settings import Settings
from .storage import atomic_write

RECORD_NAME = "fetched.json"
STAGING = "downloads"
REDIRECTS = frozenset((301, 302, 303, 307, 308))
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt
MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more is answered with this
SNIFF_BYTES = 4096


class FetchError(RskgError):
    """An address that could not be fetched; the other addresses go on."""

    def __init__(self, address: str, problem: str):
        self.address = address
        self.problem = problem
        super().__init__(f"{address}: {problem}")


@dataclass
class FetchedSource:
    """What rskg knows of one address it was asked to fetch."""

    address: str  # as the user gave it
    final_address: str | None = None  # after redirects: the document's source
    redirects: list[str] = field(default_factory=list)  # the addresses between it and final_address (a tool's may be any of them)
    status: str = "new"  # added, changed, unchanged, not modified or failed (of the last fetch)
    last_fetched: str | None = None
    last_changed: str | None = None  # when its content last differed from what was indexed
    etag: str | None = None
    last_modified: str | None = None  # the server's Last-Modified header, as sent
    doc_id: str | None = None
    sha256: str | None = None
    format: str | None = None
    error: str | None = None  # why the last fetch failed
    given: dict[str, str] = field(default_factory=dict)  # metadata the user gave (issuer, kind ...), applied again on refresh
    editions: list[dict] = field(default_factory=list)  # earlier editions, oldest first: sha256, format, from, until
    staged: "Download | None" = field(default=None, repr=False, compare=False)  # this run's download, not saved

    def saved(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "staged"}


COLUMNS = tuple(f.name for f in fields(FetchedSource) if f.name not in ("given", "staged", "editions", "redirects"))


class SourceBook:
    """The addresses fetched into a data directory: ``fetched.json``, written atomically, merged under a lock."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / RECORD_NAME
        self.sources: dict[str, FetchedSource] = self._read()

    def _read(self) -> dict[str, FetchedSource]:
        if not self.path.exists():
            return {}
        try:
            body = json.loads(self.path.read_text(encoding="utf-8"))
            return {row["address"]: FetchedSource(**row) for row in body["sources"]}
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RskgError(f"{self.path} is damaged ({type(exc).__name__}: {exc}); move it away and fetch the addresses again") from None

    def save(self, changed: Iterable[FetchedSource]) -> None:
        """Write ``changed`` into the file as it is now (another fetch may have written since this one read it)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(f".{RECORD_NAME}.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.sources = self._read() | {s.address: s for s in changed}
            rows = [s.saved() for s in sorted(self.sources.values(), key=lambda s: s.address)]
            with atomic_write(self.path) as f:
                json.dump({"version": 1, "sources": rows}, f, ensure_ascii=False, indent=1)

    def forget(self, doc_ids: Iterable[str]) -> list[str]:
        """Drop the addresses whose document is one of ``doc_ids`` (removed by the user: ``rskg refresh`` must not
        bring it back); the addresses dropped."""
        doc_ids = set(doc_ids)
        if not self.path.exists():
            return []
        with open(self.path.with_name(f".{RECORD_NAME}.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.sources = self._read()
            dropped = sorted(a for a, s in self.sources.items() if s.doc_id in doc_ids)
            if dropped:
                rows = [s.saved() for a, s in sorted(self.sources.items()) if a not in dropped]
                with atomic_write(self.path) as f:
                    json.dump({"version": 1, "sources": rows}, f, ensure_ascii=False, indent=1)
                self.sources = {a: s for a, s in self.sources.items() if a not in dropped}
        return dropped


def addresses_leading_to(data_dir: Path) -> dict[str, list[str]]:
    """A fetched document's source (the address its fetch ended at) -> the address asked for and each redirect
    between: a tool whose address redirects is linked to the document all the same."""
    try:
        book = SourceBook(data_dir)
    except RskgError:  # a damaged record: `rskg sources` says so; tools are then linked by their documents' sources only
        return {}
    leading: dict[str, list[str]] = {}
    for record in book.sources.values():
        if record.final_address:
            leading.setdefault(record.final_address, []).extend(a for a in (record.address, *record.redirects) if a != record.final_address)
    return leading


@dataclass
class Download:
    address: str
    final_address: str
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)  # every address asked for after the first, before the final one
    path: Path | None = None  # the staged file
    sha256: str | None = None
    format: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def user_agent(settings: Settings) -> str:
    try:
        release = version("rskg")
    except PackageNotFoundError:
        release = "dev"
    contact = f"; +{settings.fetch_contact}" if settings.fetch_contact else ""
    return f"rskg/{release} (research-security guidance reader{contact})"


class PoliteClient:
    """One request at a time, to checked addresses only, as robots.txt allows."""

    def __init__(self, settings: Settings, *, verify: ssl.SSLContext | bool = True):
        """``verify``: how server certificates are checked (the system's trusted authorities by default)."""
        self.settings = settings
        self.agent = user_agent(settings)
        self.max_bytes = settings.max_file_mb * 2**20
        self.http = httpx.Client(
            timeout=httpx.Timeout(settings.fetch_timeout),
            verify=verify,
            follow_redirects=False,
            trust_env=False,  # no proxy from the environment: the address checked must be the one connected to
            headers={"User-Agent": self.agent, "Accept-Encoding": "identity"},
        )
        self.robots: dict[str, RobotFileParser | str | None] = {}  # by scheme://host:port; None: all allowed; str: why none is
        self.last_request: dict[str, float] = {}

    def close(self) -> None:
        self.http.close()

    def download(self, address: str, staging: Path, *, etag: str | None = None, last_modified: str | None = None) -> Download:
        """Fetch ``address`` into ``staging`` (or learn it has not changed since ``etag``/``last_modified``)."""
        conditional = {"If-None-Match": etag} if etag else {}
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        asked: list[str] = []
        with self._network_errors(address), self._follow(address, conditional, asked=asked) as (url, response):
            if response.status_code == 304 and conditional:
                return Download(address, url, not_modified=True, redirects=asked[1:-1], etag=etag, last_modified=last_modified)
            if response.status_code != 200:
                raise FetchError(address, f"the server answered {response.status_code} {response.reason_phrase}".rstrip() + _hint(response))
            download = self._receive(address, url, response, staging)
            download.redirects = asked[1:-1]
            return download

    @contextmanager
    def _network_errors(self, address: str):
        try:
            yield
        except httpx.TimeoutException:
            raise FetchError(
                address, f"no answer within {self.settings.fetch_timeout:g} s; try again later, or raise RSKG_FETCH_TIMEOUT"
            ) from None
        except httpx.InvalidURL as exc:
            raise FetchError(address, f"it, or an address it redirects to, is not a valid address ({_one_line(exc)})") from None
        except httpx.HTTPError as exc:
            raise FetchError(address, f"the connection failed ({type(exc).__name__}: {_one_line(exc)}); check the address") from None

    @contextmanager
    def _follow(
        self, address: str, headers: dict, *, robots: bool = True, asked: list[str] | None = None
    ) -> Iterator[tuple[str, httpx.Response]]:
        """The response at the end of ``address``'s redirects, each hop checked as the first (and added to ``asked``)."""
        url = address
        for _ in range(self.settings.fetch_max_redirects + 1):
            if asked is not None:
                asked.append(url)
            response = self._send(address, url, headers, robots=robots)
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                response.close()
                url = str(httpx.URL(url).join(location))
                if httpx.URL(url).scheme not in ("http", "https"):
                    raise FetchError(address, f"redirected to {url}, which is not http(s); rskg fetches only web addresses")
                continue
            try:
                yield url, response
            finally:
                response.close()
            return
        raise FetchError(address, f"more than {self.settings.fetch_max_redirects} redirects; fetch the address they end at, if any")

    def _send(self, address: str, url: str, headers: dict, *, robots: bool) -> httpx.Response:
        """GET ``url`` from the address its host was checked to resolve to (so no second lookup can point elsewhere)."""
        target = httpx.URL(url)
        if target.scheme not in ("http", "https") or not target.host:
            raise FetchError(address, "not an http(s) address; rskg fetches only web addresses")
        host = target.raw_host.decode("ascii")  # an internationalised name in its ASCII (punycode) form
        ip = self.resolve(address, host, target.port or (443 if target.scheme == "https" else 80))
        host_key = f"{target.scheme}://{target.netloc.decode('ascii')}"
        if robots:
            self._check_robots(address, url, host_key)
        wait = self.last_request.get(host_key, -1e9) + self._delay(host_key) - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        request = self.http.build_request(
            "GET",
            target.copy_with(host=ip),
            headers={**headers, "Host": target.netloc.decode("ascii")},
            extensions={"sni_hostname": host} if target.scheme == "https" else {},
        )
        try:
            return self.http.send(request, stream=True)
        finally:
            self.last_request[host_key] = time.monotonic()

    def resolve(self, address: str, host: str, port: int) -> str:
        """The first address ``host`` resolves to that rskg may connect to; FetchError if there is none."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(address, f"the host {host} cannot be found ({_one_line(exc)}); check the address") from None
        refusals = []
        for *_, sockaddr in found:
            ip = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
            refusal = refusal_of(ip, allow_loopback=self.settings.fetch_allow_loopback)
            if refusal is None:
                return str(ip)
            refusals.append(f"{ip}, {refusal}" if str(ip) != host.strip("[]") else f"{ip} is {refusal}")
        named = "" if len(refusals) == 1 and refusals[0].startswith(f"{host.strip('[]')} is") else f"{host} resolves to "
        raise FetchError(address, f"refused: {named}{'; '.join(dict.fromkeys(refusals))}; rskg fetches only public addresses")

    def _delay(self, host_key: str) -> float:
        rules = self.robots.get(host_key)
        asked = rules.crawl_delay(self.agent) if isinstance(rules, RobotFileParser) else None
        return max(self.settings.fetch_delay, min(float(asked or 0), MAX_CRAWL_DELAY))

    def _check_robots(self, address: str, url: str, host_key: str) -> None:
        if host_key not in self.robots:
            self.robots[host_key] = self._read_robots(host_key)
        rules = self.robots[host_key]
        if isinstance(rules, str):
            raise FetchError(address, rules)
        if rules is not None and not rules.can_fetch(self.agent, url):
            path = httpx.URL(url).raw_path.decode("ascii")
            raise FetchError(address, f"{host_key}/robots.txt does not allow rskg to fetch {path}; it is skipped")

    def _read_robots(self, host_key: str) -> RobotFileParser | str | None:
        """The host's rules; None if it has none (a 4xx answer); why not, if its robots.txt cannot be read
        (RFC 9309: then nothing on the host is fetched)."""
        robots_url = f"{host_key}/robots.txt"
        try:
            with self._network_errors(robots_url), self._follow(robots_url, {}, robots=False) as (_, response):
                if 400 <= response.status_code < 500:
                    return None
                if response.status_code != 200:
                    raise FetchError(robots_url, f"the server answered {response.status_code}")
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) >= ROBOTS_MAX_BYTES:
                        break
        except FetchError as exc:
            why = exc.problem.split("; ")[0]
            return f"{robots_url} cannot be read ({why}); rskg fetches nothing from a host whose rules it cannot read: try again later"
        rules = RobotFileParser(robots_url)
        rules.parse(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace").splitlines())
        return rules

    def _receive(self, address: str, url: str, response: httpx.Response, staging: Path) -> Download:
        limit_mib = self.settings.max_file_mb
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(
                address, f"the file is {int(length) / 2**20:.0f} MiB, over the {limit_mib} MiB limit; raise RSKG_MAX_FILE_MB to fetch it"
            )
        staging.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=staging, prefix=".partial-")
        os.close(handle)
        partial = Path(name)
        digest, size, head = hashlib.sha256(), 0, b""
        started = time.monotonic()
        try:
            with open(partial, "wb") as f:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(address, f"the file is over the {limit_mib} MiB limit; raise RSKG_MAX_FILE_MB to fetch it")
                    if time.monotonic() - started > self.settings.fetch_max_seconds:
                        raise FetchError(
                            address,
                            f"the download took over {self.settings.fetch_max_seconds:g} s; try later, or raise RSKG_FETCH_MAX_SECONDS",
                        )
                    if len(head) < SNIFF_BYTES:
                        head += chunk[: SNIFF_BYTES - len(head)]
                    digest.update(chunk)
                    f.write(chunk)
            if size == 0:
                raise FetchError(address, "the server sent an empty file; nothing to ingest")
            suffix = detect_format(head, response.headers.get("content-type", ""), partial)
            if suffix is None:
                kind = response.headers.get("content-type") or "no Content-Type"
                raise FetchError(address, f"not a document rskg reads ({kind}); it reads PDF, HTML, DOCX, ODT and plain text")
            sha = digest.hexdigest()
            target = staging / sha / hashlib.sha256(address.encode()).hexdigest()[:16] / f"{name_for(url)}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return Download(
            address,
            url,
            path=target,
            sha256=sha,
            format=suffix.lstrip("."),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


def refusal_of(ip: ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_loopback: bool = False) -> str | None:
    """Why rskg must not connect to ``ip`` (a phrase), or None if it is a public address."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None if allow_loopback else "a loopback address (set RSKG_FETCH_ALLOW_LOOPBACK=1 to allow it, e.g. for a local mirror)"
    for test, what in (
        ("is_unspecified", "an unspecified address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, test):
            return what
    return None if ip.is_global else "not a public address"


def detect_format(head: bytes, content_type: str, path: Path) -> str | None:
    """The file suffix the pipeline reads this content as, from its first bytes, then its Content-Type."""
    if b"%PDF-" in head[:1024]:
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(path)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".doc"  # a legacy Office file: the pipeline says how to convert it
    if head.startswith(b"{\\rtf"):
        return ".rtf"
    media = content_type.split(";")[0].strip().lower()
    opening = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if media in ("text/html", "application/xhtml+xml") or opening.startswith((b"<!doctype html", b"<html")):
        return ".html"
    if media == "text/markdown":
        return ".md"
    if media == "text/plain" and b"\x00" not in head:
        return ".txt"
    return None


def _zip_format(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return ".docx"
            small = "mimetype" in names and archive.getinfo("mimetype").file_size < 100  # a media type, never a payload
            if small and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return ".odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def name_for(url: str) -> str:
    """A readable file name (no suffix) from an address: its last path segment, else its host."""
    target = httpx.URL(url)
    segment = target.path.rstrip("/").rsplit("/", 1)[-1]
    stem = segment.rsplit(".", 1)[0] if "." in segment else segment
    return slug(stem) if stem and slug(stem) != "document" else slug(target.host or "page")


@dataclass
class FetchResult:
    address: str
    status: str  # added, changed, unchanged, not modified or failed
    doc_id: str | None = None
    final_address: str | None = None
    error: str | None = None

    def __str__(self) -> str:
        moved = f" (now at {self.final_address})" if self.final_address and self.final_address != self.address else ""
        return f"{self.status:<12} {self.doc_id or '-'}  {self.address}{moved}"


@dataclass
class FetchReport:
    results: list[FetchResult] = field(default_factory=list)
    ingest: IngestReport | None = None
    other_errors: list[str] = field(default_factory=list)  # the ingest's, of documents other than these (one not restored)
    skipped: list[FetchResult] = field(default_factory=list)  # linked addresses left out (failed, or no document)
    left_out: int = 0  # linked addresses not fetched: over RSKG_FETCH_MAX_LINKED

    @property
    def failed(self) -> list[FetchResult]:
        return [r for r in self.results if r.status == "failed"]


def read_list(path: Path) -> list[str]:
    """The addresses of a list file: one per line; blank lines and lines starting with '#' are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError) as exc:
        raise RskgError(f"{path}: the address list cannot be read ({_one_line(exc)}); give a UTF-8 text file, one address a line") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def fetch(
    addresses: Iterable[str], settings: Settings, *, given: Given | None = None, depth: int = 0, any_host: bool = False
) -> FetchReport:
    """Fetch each address and ingest what changed in one new state; an address that fails is reported and skipped.

    ``depth`` > 0: also the documents the fetched HTML pages link to, and theirs, to that many links away (on the
    page's own host unless ``any_host``; at most ``RSKG_FETCH_MAX_LINKED`` of them; each address once). A linked
    address that fails or holds no document (HTML, PDF, DOCX or ODT) is skipped, said in a note; the metadata
    given describes the listed addresses only."""
    if depth < 0:
        raise RskgError(f"--depth is how many links away to follow, 0 or more; {depth} was given")
    given = check_given(given or Given(), "rskg fetch")
    if given.source:
        raise RskgError("rskg fetch: the source of a fetched document is its address; do not give --source-url")
    addresses = list(dict.fromkeys(a.strip() for a in addresses))
    if (given.id or given.title) and len(addresses) > 1:
        raise RskgError("--id and --title describe one document and several addresses were given; fetch that address on its own")
    book = SourceBook(settings.data_dir)
    indexed = _indexed_ids(settings.data_dir)
    report, records, staged = FetchReport(), {}, {}
    client = PoliteClient(settings)
    crawl = Crawl(depth, any_host, settings.fetch_max_linked, addresses)
    try:
        for address, level in crawl:
            record = _take(address, client, book, given if level == 0 else Given(), indexed, settings.data_dir / STAGING)
            if level and (why := _not_followed(record)):
                report.skipped.append(FetchResult(address, "skipped", final_address=record.final_address, error=why))
                _unstage(record)
                continue
            records[address] = record
            if record.status == "staged":
                staged[str(record.staged.path)] = record
            crawl.visited(record, _page_of(record, settings.data_dir))
        client.close()
        if staged:
            book.save(records.values())  # the editions these replace are in the record before the graph that links them is built
            report.ingest = ingest([Path(p) for p in staged], settings)
            _take_outcomes(report.ingest, staged)
            report.other_errors = [str(e) for e in report.ingest.errors if str(e.path) not in staged]
        for record in staged.values():
            if record.status == "staged":
                _fail_staged(record, "downloaded but not ingested; fetch it again")
    except BaseException as exc:  # the ingest as a whole did not run (another is writing) or was stopped: none of the downloads went in
        for record in staged.values():
            if record.status == "staged":
                _fail_staged(record, str(exc) or type(exc).__name__)
        raise
    finally:
        client.close()
        for record in staged.values():
            shutil.rmtree(record.staged.path.parent.parent, ignore_errors=True)
        book.save(records.values())
    report.results = [FetchResult(r.address, r.status, r.doc_id, r.final_address, r.error) for r in records.values()]
    report.left_out = crawl.left_out
    return report


LINKED_FORMATS = frozenset(("html", "pdf", "docx", "odt"))  # what a followed link may be: documents, not text files or images
# links whose address says they hold no document are not even asked for
IMAGES_AND_PAGE_PARTS = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".css", ".js", ".json", ".xml", ".rss", ".atom")
NOT_DOCUMENTS = frozenset((*IMAGES_AND_PAGE_PARTS, ".zip", ".gz", ".tar", ".mp3", ".mp4", ".avi", ".mov", ".woff", ".woff2", ".ttf"))


class Crawl:
    """The addresses to fetch, in order: those given (level 0), then the links of the HTML pages fetched, a level
    further each, to ``depth``; none twice, and at most ``max_linked`` linked ones."""

    def __init__(self, depth: int, any_host: bool, max_linked: int, addresses: Iterable[str]):
        self.depth, self.any_host, self.max_linked = depth, any_host, max_linked
        self.queue = deque((address, 0) for address in addresses)
        self.seen = {_visit_key(address) for address, _ in self.queue}
        self.level: dict[str, int] = {address: 0 for address, _ in self.queue}
        self.linked = 0
        self.left_out = 0  # links past the cap

    def __iter__(self) -> Iterator[tuple[str, int]]:
        while self.queue:
            yield self.queue.popleft()

    def visited(self, record: FetchedSource, page: Path | None) -> None:
        """``record`` fetched (``page``: its HTML, if it is a page): its final address is seen, its links queued."""
        level = self.level.get(record.address, 0)
        self.seen.update(_visit_key(a) for a in (record.final_address, *record.redirects) if a)
        if page is None or level >= self.depth or not record.final_address:
            return
        for link in links_of(page, record.final_address):
            key = _visit_key(link)
            if key in self.seen or not (self.any_host or _same_host(link, record.final_address)):
                continue
            self.seen.add(key)
            if self.linked >= self.max_linked:
                self.left_out += 1
                continue
            self.linked += 1
            self.level[link] = level + 1
            self.queue.append((link, level + 1))


def links_of(page: Path, address: str) -> list[str]:
    """The http(s) addresses a fetched HTML page links to, resolved against its <base> or its own address, without
    fragments, in order, those whose address says they hold no document left out."""
    reader = _LinkReader()
    try:
        reader.feed(page.read_bytes().decode("utf-8", "replace"))
        reader.close()
    except (OSError, AssertionError):  # html.parser gives up on some broken markup: the links read so far stand
        pass
    base = urljoin(address, reader.base) if reader.base else address
    found = []
    for href in reader.hrefs:
        link = urldefrag(urljoin(base, href.strip())).url
        suffix = PurePosixPath(urlparse(link).path).suffix.lower()
        if urlparse(link).scheme in ("http", "https") and suffix not in NOT_DOCUMENTS:
            found.append(link)
    return list(dict.fromkeys(found))


class _LinkReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if href and tag in ("a", "area"):
            self.hrefs.append(href)
        elif href and tag == "base" and self.base is None:
            self.base = href


def _visit_key(address: str) -> str:
    """An address as the crawl tells addresses apart: scheme and host in any case, a default port as none, no fragment."""
    try:
        url = httpx.URL(address.strip())
        return str(url.copy_with(fragment=None, port=None if url.port in (None, DEFAULT_PORTS.get(url.scheme)) else url.port))
    except (httpx.InvalidURL, TypeError, ValueError):
        return address.strip()


def _same_host(link: str, page: str) -> bool:
    return (urlparse(link).hostname or "").lower() == (urlparse(page).hostname or "").lower()


def _not_followed(record: FetchedSource) -> str | None:
    """Why a linked address's fetch is left out (it failed, or holds no document), or None to ingest it."""
    if record.status == "failed":
        return record.error
    if record.status == "staged" and record.staged.format not in LINKED_FORMATS:
        return f"not a document ({record.staged.format}); a followed link is ingested only if it is HTML, PDF, DOCX or ODT"
    return None


def _page_of(record: FetchedSource, data_dir: Path) -> Path | None:
    """The HTML a fetched address holds: this run's download, or (not modified) the registry's copy; None if no page."""
    if record.status == "staged":
        return record.staged.path if record.staged.format == "html" else None
    stored = data_dir / "files" / f"{record.sha256}.html"
    return stored if record.status == "not modified" and record.format == "html" and stored.is_file() else None


def _unstage(record: FetchedSource) -> None:
    if record.staged is not None and record.staged.path is not None:
        shutil.rmtree(record.staged.path.parent.parent, ignore_errors=True)


TOOL_ADDRESSES = """SELECT ?tool ?address ?place WHERE { ?tool a rskg:Tool ; rskg:address ?address .
    FILTER NOT EXISTS { ?tool rskg:ingestedAs ?document }
    OPTIONAL { ?tool rskg:inJurisdiction/rdfs:label ?place } }"""


def tool_addresses(settings: Settings, jurisdiction: str | None = None) -> list[str]:
    """One address per tool of the current graph not yet linked to a document (of ``jurisdiction`` only, if given).

    Fetched, each becomes a document whose source is the tool's address: the next graph links the
    tool to it (``rskg:ingestedAs``), describes the tool from it and takes crosswalk evidence from it."""
    from . import graph
    from .pipeline import require_state

    store = graph.open_store(require_state(settings.data_dir) / "graph")
    try:
        found = graph.rows(store, TOOL_ADDRESSES)
    finally:
        del store
    places = sorted({row["place"] for row in found if "place" in row})
    if jurisdiction is not None:
        wanted = jurisdiction.strip().casefold()
        found = [row for row in found if row.get("place", "").casefold() == wanted]
        if not found:
            raise RskgError(f"no tool of the graph is in {jurisdiction!r}; its tools' jurisdictions are: {', '.join(places) or 'none'}")
    by_tool: dict[str, str] = {}
    for row in sorted(found, key=lambda r: (r["tool"], not r["address"].startswith("https:"), r["address"])):
        by_tool.setdefault(row["tool"], row["address"])
    if not by_tool:
        raise RskgError(
            "every tool with an address is already linked to its document (or the graph names none); "
            "`rskg refresh` fetches the linked ones again"
        )
    return list(dict.fromkeys(by_tool.values()))


def refresh(settings: Settings) -> FetchReport:
    """Fetch every address in the data directory's record again (conditionally: unchanged ones are not downloaded)."""
    book = SourceBook(settings.data_dir)
    if not book.sources:
        raise RskgError(f"no fetched sources in {settings.data_dir}; fetch some first with `rskg fetch URL`")
    return fetch(list(book.sources), settings)


def _take(address: str, client: PoliteClient, book: SourceBook, given: Given, indexed: set[str], staging: Path) -> FetchedSource:
    """Fetch one address: its record, with status failed, not modified, or staged (downloaded, for the ingest)."""
    previous = book.sources.get(address)
    record = FetchedSource(**previous.saved()) if previous else FetchedSource(address)
    record.given = {**record.given, **given.metadata(with_id=True)}
    record.last_fetched, record.error = _now(), None
    known = record.doc_id in indexed
    try:
        download = _download(client, address, record, staging, known=known)
    except FetchError as exc:
        record.status, record.error = "failed", exc.problem
        return record
    record.final_address, record.redirects = download.final_address, download.redirects
    if download.not_modified:
        record.status = "not modified"
        return record
    _write_sidecar(download, record, known=known)
    record.status, record.staged = "staged", download
    if known and record.sha256 and record.sha256 != download.sha256:  # a new edition: the one it replaces is kept (until the ingest fails)
        earlier = {"sha256": record.sha256, "format": record.format, "from": record.last_changed, "until": record.last_fetched}
        record.editions = [*record.editions, earlier]
    return record


def _download(client: PoliteClient, address: str, record: FetchedSource, staging: Path, *, known: bool) -> Download:
    if not is_address(address):
        raise FetchError(address, "not an http(s) address; give the document's full address, e.g. https://example.org/guidance.pdf")
    if not known:  # its document is not in the index (never was, or removed): ask for the whole file
        return client.download(address, staging)
    return client.download(address, staging, etag=record.etag, last_modified=record.last_modified)


def _write_sidecar(download: Download, record: FetchedSource, *, known: bool) -> None:
    values = {**record.given, "source": download.final_address}
    if known and "id" not in values:
        values["id"] = record.doc_id  # the same address keeps its document, even if it now redirects elsewhere
    served = _http_date(download.last_modified)
    if served:
        values["served_date"] = served
    lines = [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    sidecar_of(download.path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _take_outcomes(ingest_report: IngestReport, staged: dict[str, FetchedSource]) -> None:
    for outcome in ingest_report.outcomes:
        if outcome.file not in staged:
            continue
        record = staged[outcome.file]
        download = record.staged
        if outcome.action == "failed":
            _fail_staged(record, outcome.note)
            continue
        changed = outcome.action == "added" or record.sha256 != download.sha256
        record.status = "added" if outcome.action == "added" else "changed" if changed else "unchanged"
        record.doc_id, record.sha256, record.format = outcome.doc_id, download.sha256, download.format
        record.etag, record.last_modified = download.etag, download.last_modified  # only once its content is in the index
        if changed or not record.last_changed:
            record.last_changed = record.last_fetched


def _fail_staged(record: FetchedSource, problem: str) -> None:
    """A download that did not go in: the indexed document is still the edition before it."""
    if record.editions and record.editions[-1]["sha256"] == record.sha256 and record.staged and record.staged.sha256 != record.sha256:
        record.editions = record.editions[:-1]
    record.status, record.error = "failed", problem


def _indexed_ids(data_dir: Path) -> set[str]:
    try:
        return set(Registry.read(data_dir / REGISTRY_NAME).sources)
    except RegistryError:
        return set()


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _hint(response: httpx.Response) -> str:
    if response.status_code == 404:
        return "; check the address (the document may have moved)"
    if response.status_code in (401, 403):
        return "; the document is not public"
    if response.status_code == 429 or response.status_code >= 500:
        return "; try again later"
    return ""


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["COLUMNS", "FetchError", "FetchReport", "FetchedSource", "PoliteClient", "SourceBook", "detect_format", "fetch", "refresh"]
