"""Live preview: MkDocs' development server, fed by a watcher of our own (`watch`).

After an edit under data/, seeds/, templates/ or locales/ the watcher regenerates the pages;
then, when anything under docs/ changed (pages it just wrote, or pages written by hand), it
asks the server for one rebuild straight away. When the build is done, each open page
fetches itself again and puts its article's changed blocks in place, with the new search
index, or reloads when it cannot be sure of that (update.js). MkDocs' own watcher, which
looks only every 0.5 s, is left to mkdocs.yml and to what plugins ask it to watch; it does
not watch docs/, so that one edit makes one rebuild. A rebuild builds again only the pages
whose files changed, and the search index, on the objects of the build before (`inplace`)
or with every other page given what it had (`incremental`), or the whole site when that
could give a different result; it reuses the theme templates compiled by the build before.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import jinja2
from jinja2.bccache import Bucket
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from watchdog.observers.api import BaseObserver

from ..errors import UserError
from .preview import Site
from .watch import INTERVAL, Watcher, nudger, watch

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# Seconds after a build or regeneration until `Site.tidy` and the regeneration's `settle`:
# the open pages have fetched what the build changed by then, and the next edit, a person's,
# rarely comes sooner (if it does, it waits for them: a few tenths of a second at 100x).
TIDY_AFTER = 0.5
BUILD_DELAY = 0.02  # MkDocs waits this long after a change it saw itself for more changes
HERE = Path(__file__).parent
UPDATE_SCRIPT = (HERE / "update.js").read_bytes()  # at the end of each served page
WORKERS_SCRIPT = (HERE / "workers.js").read_bytes()  # at the start of its <head>
HEAD = re.compile(rb"<head(?:\s[^>]*)?>(?:\s*<meta\s+charset=[^>]*>)?", re.IGNORECASE)


class TemplateCache(jinja2.BytecodeCache):
    """The theme templates compiled by one build, for the next; a template whose source
    changed is compiled again (Jinja compares a checksum of the source)."""

    def __init__(self) -> None:
        self.compiled: dict[str, tuple[str, bytes]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.compiled.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.bytecode_from_string(kept[1])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


class Server(LiveReloadServer):
    """MkDocs' development server, which the watcher can ask for a rebuild; it says where it
    serves once it does."""

    def __init__(self, *, host: str, port: int, root: str, mount_path: str,
                 announce: Callable[[str], None]) -> None:
        super().__init__(builder=lambda: None, host=host, port=port, root=root, mount_path=mount_path)
        self.announce = announce

    def server_bind(self) -> None:
        try:
            super().server_bind()
        except OSError as exc:
            raise UserError(f"{self.url}: cannot serve there: {exc.strerror or exc}; pass"
                            " -a/--dev-addr IP:PORT with a free port") from None

    def server_activate(self) -> None:
        super().server_activate()
        self.announce(f"Serving on {self.url} (Ctrl-C to stop)")

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        """The page with the preview's scripts in it, in place of MkDocs' live reload script:
        one where its <head> begins (after the character set, which must come first), which
        keeps the page's web workers, and one before </body>, which waits for the next build
        and then puts the article's changed blocks in place, or reloads the page
        (update.js says when)."""
        head = HEAD.search(content, 0, 4096)
        if head is not None:
            at = head.end()
            content = b"%b<script>%b</script>%b" % (content[:at], WORKERS_SCRIPT, content[at:])
        end = content.rfind(b"</body>")
        end = len(content) if end == -1 else end
        mark = html.escape(str(int(epoch))).encode()
        return b'%b<script data-explainer-epoch="%b">%b</script>%b' % (
            content[:end], mark, UPDATE_SCRIPT, content[end:])

    def rebuild_now(self: LiveReloadServer) -> None:
        """Rebuild and reload the browsers, as when MkDocs' own watcher sees a change. This
        reaches into MkDocs 1.6's server, which has no public call for it (hence the pin of
        mkdocs below 1.7)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


class KeepTemplates(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Gives the theme's Jinja environment a `TemplateCache`, before any plugin renders with it."""

    incremental_safe = True  # keeps nothing about pages: the shortcut of `incremental` holds
    in_place_safe = True  # its one event gives the environment what it has: `inplace` holds

    def __init__(self, cache: TemplateCache) -> None:
        self.cache = cache

    @event_priority(110)  # before Material's tags plugin (100), which renders listings
    def on_env(self, env: jinja2.Environment, /, **kwargs: object) -> jinja2.Environment:
        env.bytecode_cache = self.cache
        return env


def keep_templates(config: MkDocsConfig, cache: TemplateCache) -> None:
    """Let every Jinja environment of the configuration's theme keep its compiled templates in
    `cache`, from the first one (the search plugin renders with one before any `on_env`)."""
    config.plugins["explainer/keep-templates"] = KeepTemplates(cache)
    theme, made = config.theme, config.theme.get_env

    def get_env() -> jinja2.Environment:
        env = made()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def _stop_on_sigterm() -> Callable[[], None]:
    """Let SIGTERM stop the server as Ctrl-C does (so the temporary site is removed); return
    the function that puts the previous handler back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore


def serve(root: Path, dev_addr: str | None, regenerate: Callable[[], None],
          announce: Callable[[str], None] = lambda message: None,
          settle: Callable[[], None] = lambda: None) -> None:
    """Serve the site of `root` with live reload until Ctrl-C (or SIGTERM).

    The steps follow MkDocs' own `serve` command: build into a temporary folder, serve it
    with live reload, run the plugins' serve events, and remove the folder at the end.
    `settle` does what a regeneration left for later; it is called, never while a build or
    regeneration runs, a little after each regeneration (once the browsers have what it
    changed) and when the server stops.
    """
    from mkdocs.config import load_config

    config_file = root / "mkdocs.yml"
    options = {"dev_addr": dev_addr} if dev_addr else {}
    caches: dict[bytes, TemplateCache] = {}
    # One at a time: a build must not read docs/ while a regeneration moves pages into it.
    busy = threading.Lock()
    site_dir = tempfile.mkdtemp(prefix="explainer-serve-")
    restore = _stop_on_sigterm()
    stop, wake = threading.Event(), threading.Event()
    observer: BaseObserver | None = None
    config: MkDocsConfig | None = None

    def load(path: Path = config_file, target: str = site_dir) -> MkDocsConfig:
        given = options if path == config_file else {}
        config = load_config(config_file=str(path), site_dir=target, **given)
        # Compiled templates are kept only while the configuration (the theme's settings) is the same.
        key = hashlib.sha256(path.read_bytes()).digest()
        keep_templates(config, caches.setdefault(key, TemplateCache()))
        return config

    tidying: list[threading.Timer] = []
    timing = threading.Lock()  # the watcher's thread and the server's both call `tidy_later`
    try:
        config = load()
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        server = Server(host=host, port=port, root=site_dir,
                        mount_path=urlsplit(config.site_url or "/").path, announce=announce)
        site = Site(root, site_dir, server.url)

        def tidy() -> None:
            with busy:
                settle()
                site.tidy()

        def tidy_later() -> None:
            """Tidy TIDY_AFTER seconds from now, and not before."""
            with timing:
                for timer in tidying:
                    timer.cancel()
                tidying[:] = [threading.Timer(TIDY_AFTER, tidy)]
                tidying[0].daemon = True
                tidying[0].start()

        def regenerate_alone() -> None:
            with busy:
                regenerate()
            tidy_later()

        def builder(given: MkDocsConfig | None = None) -> None:
            with busy:
                announce(f"Preview: {site.build(load, given)}")
            tidy_later()

        server.builder = builder
        server.build_delay = BUILD_DELAY
        server.error_handler = lambda code: _error_page(Path(site_dir), code)
        builder(config)
        server.watch(str(config_file))
        if config.theme.custom_dir:  # a change there rebuilds the whole site
            server.watch(config.theme.custom_dir)
        served = config.plugins.on_serve(server, config=config, builder=builder)
        for path in config.watch:
            served.watch(path)
        # Sees edits made from now on; asks the server that serves (a plugin may replace it).
        watcher = Watcher(root, regenerate_alone, lambda: Server.rebuild_now(served))
        observer = nudger(root, wake)
        threading.Thread(target=watch, args=(watcher, stop, INTERVAL, wake), daemon=True).start()
        try:
            served.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            served.shutdown()
    finally:
        stop.set()
        wake.set()
        if observer is not None:
            observer.stop()
        with timing:
            for timer in tidying:
                timer.cancel()
        with busy:  # once the watcher's regeneration, if one runs, is done
            settle()
        restore()
        if config is not None:
            config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
