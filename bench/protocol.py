"""A visitor without a browser: Streamlit's websocket protocol spoken as the browser speaks it.

``Visit`` opens a page from its address the way the frontend does: an HTTP request first (the
server's XSRF cookie, and a proxy's stickiness cookie), then ``/_stcore/stream`` with the
``streamlit`` subprotocol and those cookies, then a ``rerun_script`` BackMsg whose ``ClientState``
holds the address's query, the page's name (on the first run) or its script hash (after), every
widget's state the visitor knows, and the hashes of the messages it holds. It then reads the
server's ForwardMsgs: ``new_session``, ``page_info_changed`` (the address the app writes),
``delta``s (kept by their path, so the page's elements and widgets can be read), and
``script_finished``. A message of at least ``global.minCachedMessageSize`` bytes that the visitor
already holds comes as a ``ref_hash``: it is taken from the visitor's cache, which forgets a
message once ``max_cached_message_age`` runs went by without it (the frontend's rule).

``change(key, value)`` sets a widget (found by its key in the last run's deltas) and reruns (its
fragment only, for a widget drawn in one); ``click`` presses a button, ``goto`` follows a page's
link, ``upload`` puts a file into an uploader (file URLs, a ``PUT`` with the XSRF token, the
uploader's new state), and ``reconnect`` does what the frontend does when its connection drops.
They return the seconds from the request to the run's ``script_finished``. Every wait is bounded;
nothing here touches anything but the address it is given. ``BlockingVisit`` is the same visitor with
calls that block until their answer (``open``, ``change``, ``goto``), for a load tool's users (Locust's,
``bench.visitor``); both share what a tab knows and how it reads the server's messages (``Tab``).

What it depends on in Streamlit: the protobuf messages (``BackMsg``, ``ForwardMsg``, ``WidgetStates``),
read from the installed Streamlit, and the widget ids' form, read with Streamlit's own
``user_key_from_element_id``; ``tests/bench/test_protocol.py`` checks both against the installed
version (requirements.txt bounds it).
"""

from __future__ import annotations

import asyncio
import http.client
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.common import is_element_id, user_key_from_element_id
from websocket import WebSocketTimeoutException, create_connection
from websockets.asyncio.client import connect

FINISHED_EARLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
MAIN, SIDEBAR = 0, 1  # the first number of a delta's path: the main area or the sidebar
XSRF_COOKIE = "_streamlit_xsrf"


class ProtocolError(RuntimeError):
    """The server sent what a browser could not use (a reference to a message it does not hold)."""


def http_request(url: str, method: str = "GET", headers: dict | None = None, body: bytes = b"",
                 timeout: float = 30.0) -> tuple[int, list[tuple[str, str]], bytes]:
    """One HTTP request to a loopback address: status, headers and body."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body or None,
                     headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def cookies_from(headers: list[tuple[str, str]]) -> dict[str, str]:
    """The cookies a response sets, by name (their raw values: Streamlit's XSRF token holds '|')."""
    out = {}
    for name, value in headers:
        if name.lower() == "set-cookie" and "=" in value:
            pair = value.split(";", 1)[0]
            out[pair.split("=", 1)[0].strip()] = pair.split("=", 1)[1].strip()
    return out


def element_key(widget_id: str) -> str | None:
    """The user key in a widget's id, or None without one: Streamlit's own reading of the ids it makes
    (``$$ID-<hash>-<key>`` in 1.67), so a change of their form within Streamlit changes this too
    (``tests/bench/test_protocol.py`` checks it on an id Streamlit computes)."""
    return user_key_from_element_id(widget_id) if is_element_id(widget_id) else None


def _slider_state(w: WidgetState, el) -> None:
    w.double_array_value.data[:] = list(el.value if el.set_value else el.default)


def _number_state(w: WidgetState, el) -> None:
    value = el.value if el.set_value else el.default
    if el.data_type == el.INT:
        w.int_value = int(value)
    else:
        w.double_value = value


def _checkbox_state(w: WidgetState, el) -> None:
    w.bool_value = el.value if el.set_value else el.default


def _choice_state(w: WidgetState, el) -> bool:
    if not el.set_value:
        return False
    w.string_value = el.raw_value
    return True


# Widgets whose state the visitor reports as the browser does, by their element's field name; a
# choice (selectbox, radio) only once the server said its value (else the server's own is kept).
STATES = {"slider": _slider_state, "number_input": _number_state, "checkbox": _checkbox_state,
          "selectbox": _choice_state, "radio": _choice_state}
# Widgets whose state the visitor sends on every run while they are on the page: those above, and an
# uploader once ``upload`` has put a file in it.
KEPT = {*STATES, "file_uploader"}


@dataclass
class RunSeen:
    """What the server sent in one script run: its elements by delta path, and its exceptions."""

    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    status: int | None = None


class MessageCache:
    """The messages a visitor holds, by hash, each with the run it was last used in."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[ForwardMsg, int]] = {}
        self.runs = 0
        self.max_age = 2

    def keep(self, msg: ForwardMsg) -> None:
        if msg.metadata.cacheable and msg.hash:
            self.entries[msg.hash] = (msg, self.runs)

    def resolve(self, ref: ForwardMsg) -> ForwardMsg:
        """The message a ``ref_hash`` refers to, with the reference's metadata (its place)."""
        if ref.ref_hash not in self.entries:
            raise ProtocolError(f"a reference to message {ref.ref_hash}, which this visitor does not hold")
        msg = ForwardMsg()
        msg.CopyFrom(self.entries[ref.ref_hash][0])
        msg.metadata.CopyFrom(ref.metadata)
        self.entries[ref.ref_hash] = (self.entries[ref.ref_hash][0], self.runs)
        return msg

    def run_finished(self) -> None:
        """One more finished run: forget the messages not used for ``max_age`` runs."""
        self.runs += 1
        self.entries = {h: (m, used) for h, (m, used) in self.entries.items() if self.runs - used <= self.max_age}


class Tab:
    """What a visitor's tab knows, whatever carries its messages: its cookies, session, widgets and the
    messages it holds, the BackMsg it would send (``client_state_msg``) and how it takes each ForwardMsg
    (``take``). ``Visit`` carries them with asyncio, ``BlockingVisit`` blocking (a load tool's users)."""

    def __init__(self, base: str, path: str, query: str = "", timeout_s: float = 60.0,
                 report_cache: bool = True) -> None:
        self.base, self.path, self.query, self.timeout_s = base.rstrip("/"), path, query, timeout_s
        self.report_cache = report_cache  # False: never say which messages it holds (the server sends all)
        self.cookies: dict[str, str] = {}
        self.session_id = ""
        self.page_hash = ""
        self.widgets: dict[str, WidgetState] = {}  # by widget id, as the visitor would send them
        self.ids: dict[str, str] = {}  # widget key -> id, from the last run
        self.fragments: dict[str, str] = {}  # widget id -> the fragment it is drawn in, if any
        self.pages: dict[str, str] = {}  # page address (url_pathname) -> its script hash, from the navigation
        self.run = RunSeen()  # the run in progress, or the last one
        self.last = RunSeen()  # the last run that finished (not cut short for a rerun)
        self.cache = MessageCache()
        self.finished = 0  # runs finished, not cut short
        self.errors: list[str] = []
        self.replica = ""  # the proxy's X-Replica header on the page's HTTP request, if any

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def http_headers(self) -> dict[str, str]:
        return {"Host": urlsplit(self.base).netloc, **({"Cookie": self.cookie_header} if self.cookies else {})}

    def first_request(self) -> tuple[str, list[str]]:
        """The page's HTTP request (blocking): its cookies (the XSRF token, a proxy's stickiness) and the
        replica that answered; returns the websocket's address and subprotocols."""
        status, headers, _ = http_request(f"{self.base}/_stcore/health", headers=self.http_headers(),
                                          timeout=self.timeout_s)
        if status != 200:
            raise ProtocolError(f"health check answered {status}")
        self.cookies.update(cookies_from(headers))
        self.replica = dict((k.lower(), v) for k, v in headers).get("x-replica", "")
        # The frontend's subprotocols: "streamlit", its XSRF token, and on a reconnection its session's id.
        protocols = ["streamlit", self.cookies.get(XSRF_COOKIE, "-")] + ([self.session_id] if self.session_id else [])
        return "ws" + self.base[len("http"):] + "/_stcore/stream", protocols

    def client_state_msg(self, fragment_id: str = "") -> BackMsg:
        """The ``rerun_script`` BackMsg the browser would send now (for a widget in a fragment,
        a rerun of that fragment)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.fragment_id = fragment_id
        if self.page_hash:
            state.page_script_hash = self.page_hash
        else:
            state.page_name = self.path
        state.widget_states.widgets.extend(self.widgets.values())
        if self.report_cache:
            state.cached_message_hashes.extend(self.cache.entries)
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-GB"
        info.url = f"{self.base}/{self.path}" + (f"?{self.query}" if self.query else "")
        info.color_scheme = "light"
        return msg

    def set_widget(self, key: str, value) -> str:
        """Set the widget ``key`` to ``value`` (a number, a bool or an option's text), as the browser
        does before it asks for a rerun; returns the fragment to rerun ('' for the whole page)."""
        widget = self.widgets.get(self.ids.get(key, ""))
        if widget is None:
            raise KeyError(f"no widget with key {key!r} in the last run")
        kind = widget.WhichOneof("value")
        if kind == "double_array_value":
            widget.double_array_value.data[:] = [float(value)]
        else:
            setattr(widget, kind, value)
        return self.fragments.get(widget.id, "")

    def go(self, path: str) -> None:
        """Turn to another page of the navigation, as a click on its link does (the rerun follows)."""
        self.path, self.page_hash = path, self.pages[path]

    def element(self, key: str):
        """The widget ``key``'s element (its proto: ``.slider``, ``.checkbox``...) in the last finished run."""
        for el in self.last.elements.values():
            kind = el.WhichOneof("type")
            if kind and hasattr(getattr(el, kind), "id") and element_key(getattr(el, kind).id) == key:
                return getattr(el, kind)
        return None

    def texts(self, root: int = MAIN) -> list[str]:
        """The markdown texts (captions included) of the last finished run, in ``root``."""
        return [el.markdown.body for path, el in sorted(self.last.elements.items())
                if path[:1] == (root,) and el.WhichOneof("type") == "markdown"]

    def take_bytes(self, data: bytes) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(data)
        self.take(msg)

    def take(self, msg: ForwardMsg) -> None:
        """Take one message from the server, as the frontend does."""
        if msg.HasField("ref_hash"):
            msg = self.cache.resolve(msg)
        self.cache.keep(msg)
        kind = msg.WhichOneof("type")
        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None:
            handler(msg)

    def _on_new_session(self, msg: ForwardMsg) -> None:
        new = msg.new_session
        if new.HasField("initialize"):
            self.session_id = new.initialize.session_id
        self.cache.max_age = new.config.max_cached_message_age or self.cache.max_age
        self.page_hash = new.page_script_hash or self.page_hash
        # A fragment's run redraws the fragment; the rest of the page stays as the last run left it.
        self.run = RunSeen(dict(self.last.elements) if msg.metadata.run.fragment_ids else {})

    def _on_navigation(self, msg: ForwardMsg) -> None:
        self.page_hash = msg.navigation.page_script_hash or self.page_hash
        self.pages = {page.url_pathname: page.page_script_hash for page in msg.navigation.app_pages}

    def _on_page_info_changed(self, msg: ForwardMsg) -> None:
        self.query = msg.page_info_changed.query_string

    def _on_delta(self, msg: ForwardMsg) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        el = msg.delta.new_element
        self.run.elements[tuple(msg.metadata.delta_path)] = el
        kind = el.WhichOneof("type")
        if kind == "exception":
            self.run.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
        elif kind and getattr(getattr(el, kind), "id", ""):  # a widget (a button, a component...)
            self._note_widget(kind, getattr(el, kind), msg.delta.fragment_id)

    def _note_widget(self, kind: str, el, fragment_id: str) -> None:
        """Note the widget's key and fragment, and keep its state as the browser would: the value the
        server set, else the visitor's own (for the widgets in ``STATES``)."""
        self.fragments[el.id] = fragment_id
        key = element_key(el.id)
        if key:
            self.ids[key] = el.id
        if kind not in STATES or (el.id in self.widgets and not el.set_value):
            return
        state = WidgetState(id=el.id)
        if STATES[kind](state, el) is not False:
            self.widgets[el.id] = state

    def _on_script_finished(self, msg: ForwardMsg) -> None:
        if msg.script_finished == FINISHED_EARLY:
            return
        self.run.status = msg.script_finished
        self.last = self.run
        live = {getattr(el, el.WhichOneof("type")).id for el in self.last.elements.values()
                if el.WhichOneof("type") in KEPT}
        self.widgets = {i: w for i, w in self.widgets.items() if i in live}  # the frontend's removeInactive
        self.cache.run_finished()
        self.finished += 1
        self.run_finished()

    def run_finished(self) -> None:
        """Tell whoever waits that a run finished."""


class BlockingVisit(Tab):
    """A visitor whose every call blocks until its answer: ``open``, ``change``, ``goto`` return the
    seconds from the request to the run's ``script_finished``. For a load tool's users: under
    gevent's patches (Locust) each wait yields to the other users."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._ws = None
        self._done = False

    def open(self) -> float:
        """Load the page: the HTTP request, the websocket, the first run; seconds to its end."""
        url, protocols = self.first_request()
        # websocket-client: one socket read in the caller's own thread (or greenlet), no thread of its own.
        self._ws = create_connection(url, subprotocols=protocols, cookie=self.cookie_header, origin=self.base,
                                     timeout=self.timeout_s, skip_utf8_validation=True)
        return self.rerun()

    def rerun(self, fragment_id: str = "") -> float:
        """A rerun with the visitor's current widget states; seconds to its ``script_finished``."""
        t0 = time.monotonic()
        self._done = False
        self._ws.send_binary(self.client_state_msg(fragment_id).SerializeToString())
        deadline = t0 + self.timeout_s
        while not self._done:
            self._ws.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data = self._ws.recv()
            except WebSocketTimeoutException:
                raise TimeoutError(f"no run finished within {self.timeout_s:g} s") from None
            if not data:
                raise ProtocolError("connection lost: the server closed the websocket")
            self.take_bytes(data)
        return time.monotonic() - t0

    def run_finished(self) -> None:
        self._done = True

    def change(self, key: str, value) -> float:
        """Set the widget ``key`` to ``value`` and rerun (its fragment only, for one drawn in a fragment)."""
        return self.rerun(self.set_widget(key, value))

    def goto(self, path: str) -> float:
        """Follow a page's link; seconds to its run's end."""
        self.go(path)
        return self.rerun()

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close(timeout=2)


class Visit(Tab):
    """One visitor's tab: a websocket session on ``base`` (``http://127.0.0.1:port``), opened on
    ``path`` with ``query`` (the address's query string, without '?'), carried by asyncio."""

    def __init__(self, base: str, path: str, query: str = "", timeout_s: float = 60.0,
                 report_cache: bool = True) -> None:
        super().__init__(base, path, query, timeout_s, report_cache)
        self._ws = None
        self._file_urls: dict[str, asyncio.Future] = {}
        self._reader: asyncio.Task | None = None
        self._finish = asyncio.Event()

    async def open(self) -> float:
        """Load the page: the HTTP request, the websocket, the first run; seconds to its end."""
        ws_url, protocols = await asyncio.to_thread(self.first_request)
        self._ws = await connect(ws_url, subprotocols=protocols,
                                 additional_headers={"Cookie": self.cookie_header}, origin=self.base,
                                 max_size=None, open_timeout=self.timeout_s, ping_interval=None)
        self._reader = asyncio.create_task(self._read())
        return await self.rerun()

    def run_finished(self) -> None:
        self._finish.set()

    async def send_rerun(self, fragment_id: str = "") -> None:
        """Ask for a rerun, not waiting for it."""
        if self.errors:
            raise ProtocolError(self.errors[0])
        self._finish.clear()
        await self._ws.send(self.client_state_msg(fragment_id).SerializeToString())

    async def rerun(self, fragment_id: str = "") -> float:
        """A rerun with the visitor's current widget states; seconds to its ``script_finished``."""
        t0 = time.monotonic()
        await self.send_rerun(fragment_id)
        await self.wait_finished()
        return time.monotonic() - t0

    async def wait_finished(self) -> None:
        """Until a run has finished since the last request (bounded by ``timeout_s``); raises if the
        connection broke."""
        try:
            if not self.errors:
                await asyncio.wait_for(self._finish.wait(), self.timeout_s)
        except TimeoutError:
            raise TimeoutError(f"no run finished within {self.timeout_s:g} s") from None
        if self.errors:
            raise ProtocolError(self.errors[0])

    async def reconnect(self) -> float:
        """What the frontend does when its connection drops: the HTTP request again (a proxy may
        send it elsewhere), a new websocket naming the old session, a rerun with the address,
        page and widget states it had; seconds to that run's end."""
        await self.close()
        self.errors, self._finish = [], asyncio.Event()
        return await self.open()

    async def upload(self, key: str, name: str, data: bytes, content_type: str = "image/png") -> int:
        """Upload a file into the file uploader ``key`` as the frontend does (ask for its URL, PUT
        it with the XSRF token, then rerun with the uploader's new state); returns the PUT's status
        (the rerun only follows a 204)."""
        request_id = str(uuid.uuid4())
        self._file_urls[request_id] = asyncio.get_running_loop().create_future()
        msg = BackMsg()
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.file_names.append(name)
        msg.file_urls_request.session_id = self.session_id
        await self._ws.send(msg.SerializeToString())
        try:
            urls = (await asyncio.wait_for(self._file_urls[request_id], self.timeout_s)).file_urls[0]
        finally:
            del self._file_urls[request_id]
        status = await asyncio.to_thread(self._put, urls.upload_url, name, data, content_type)
        if status == 204:
            widget = WidgetState(id=self.ids[key])
            info = widget.file_uploader_state_value.uploaded_file_info.add()
            info.name, info.size, info.file_id = name, len(data), urls.file_id
            info.file_urls.CopyFrom(urls)
            self.widgets[widget.id] = widget
            await self.rerun(self.fragments.get(widget.id, ""))
        return status

    def _put(self, upload_url: str, name: str, data: bytes, content_type: str) -> int:
        boundary = uuid.uuid4().hex
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
        headers = {**self.http_headers(), "Content-Type": f"multipart/form-data; boundary={boundary}",
                   "X-Xsrftoken": self.cookies.get(XSRF_COOKIE, "")}
        url = upload_url if upload_url.startswith("http") else self.base + upload_url
        return http_request(url, "PUT", headers, body, self.timeout_s)[0]

    async def click(self, key: str) -> float:
        """Press the button ``key`` (a trigger: sent with this request only) and wait for the run."""
        widget_id = self.ids[key]
        self.widgets[widget_id] = WidgetState(id=widget_id, trigger_value=True)
        try:
            await self.send_rerun(self.fragments.get(widget_id, ""))
        finally:
            self.widgets.pop(widget_id, None)
        t0 = time.monotonic()
        await self.wait_finished()
        return time.monotonic() - t0

    async def change(self, key: str, value) -> float:
        """Set the widget ``key`` to ``value`` (a number, a bool or an option's text) and rerun."""
        return await self.rerun(self.set_widget(key, value))

    async def goto(self, path: str) -> float:
        """Go to another page of the navigation, as a click on its link does; seconds to its run's end."""
        self.go(path)
        return await self.rerun()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self.take_bytes(data)
        except ProtocolError as exc:
            self.errors.append(str(exc))
            self._finish.set()
        except Exception as exc:  # noqa: BLE001 - a lost connection is a finding for the waiter
            self.errors.append(f"connection lost: {type(exc).__name__}: {exc}")
            self._finish.set()

    def _on_file_urls_response(self, msg: ForwardMsg) -> None:
        waiting = self._file_urls.get(msg.file_urls_response.response_id)
        if waiting is not None and not waiting.done():
            waiting.set_result(msg.file_urls_response)
