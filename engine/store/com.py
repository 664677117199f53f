"""COM single-threaded apartments for ACE, DAO and ADOX, the one place the engine touches COM.

Every COM call runs on a thread that called `CoInitializeEx(COINIT_APARTMENTTHREADED)` and pairs it with
`CoUninitialize` on the same thread: the Qt GUI thread is already an STA and must never see COM set up
differently, and pooled threads are reused, so COM state must not leak from one task into the next.
pywin32 exists only on Windows: `windows_com()` is None elsewhere, and tests pass a fake `ComApi`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from engine.store.base import StoreError

T = TypeVar("T")


class ComApi(Protocol):
    def initialize(self) -> None:
        """CoInitializeEx(COINIT_APARTMENTTHREADED) on the calling thread."""
        ...

    def uninitialize(self) -> None: ...

    def dispatch(self, progid: str) -> Any: ...


class PythoncomApi:
    """`ComApi` over a pythoncom-shaped module and a Dispatch function (pywin32's, or a test's fakes)."""

    def __init__(self, pythoncom: Any, dispatch: Callable[[str], Any]) -> None:
        self.pythoncom = pythoncom
        self._dispatch = dispatch

    def initialize(self) -> None:
        self.pythoncom.CoInitializeEx(self.pythoncom.COINIT_APARTMENTTHREADED)

    def uninitialize(self) -> None:
        self.pythoncom.CoUninitialize()

    def dispatch(self, progid: str) -> Any:
        return self._dispatch(progid)


def windows_com() -> ComApi | None:
    """pywin32's COM on Windows; None on other platforms or without pywin32."""
    if sys.platform != "win32":
        return None
    try:
        import pythoncom
        from win32com.client import Dispatch
    except ImportError:
        return None
    return PythoncomApi(pythoncom, Dispatch)


@contextmanager
def apartment(com: ComApi | None) -> Iterator[None]:
    """This thread inside a COM STA for the block (a writer thread's whole life); no-op without COM."""
    if com is None:
        yield
        return
    com.initialize()
    try:
        yield
    finally:
        com.uninitialize()


def run_in_sta(com: ComApi, work: Callable[[ComApi], T], timeout: float | None = None) -> T:
    """Run `work` on a fresh thread inside its own STA and return its result (or raise its exception).

    Every COM object `work` creates must be released before it returns: it runs before CoUninitialize.
    """
    box: dict[str, Any] = {}

    def body() -> None:
        try:
            com.initialize()
        except BaseException as exc:  # noqa: BLE001 - travels back to the caller
            box["error"] = exc
            return
        try:
            box["value"] = work(com)
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc
        finally:
            com.uninitialize()

    thread = threading.Thread(target=body, name="statetrace-com-sta", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise StoreError(f"the COM worker did not finish in {timeout:.0f} s" if timeout else "the COM worker hung")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


__all__ = ["ComApi", "PythoncomApi", "apartment", "run_in_sta", "windows_com"]
