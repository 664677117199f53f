"""Runtime hook (Linux bundle): the bundle leaves out `cryptography` (14 MB of Rust bindings). Its only
user is SecretStorage, keyring's Secret Service backend, which needs nothing from it but AES-CBC to
exchange the store password with the desktop keyring (`secretstorage/util.py` and `item.py`: `Cipher`,
`algorithms.AES`, `modes.CBC`, `default_backend`; it pads and does the DH/HKDF itself with hashlib).

This stand-in provides exactly that subset through the OpenSSL the bundle already holds for Python's
`ssl` and `hashlib` (libcrypto's EVP interface via ctypes): no cipher code of our own. Anything else of
`cryptography` raises ImportError naming this build. Installed only when the real package is absent.
tests/packaging/test_aes_stand_in.py holds it equal to the real package and to NIST SP 800-38A.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import importlib.util
import os
import sys
import types
from typing import Any

_PREFIX = "cryptography"


@functools.cache
def _libcrypto() -> ctypes.CDLL:
    import hashlib  # noqa: F401 - loads the bundle's libcrypto.so.3 first (through _hashlib)

    here = getattr(sys, "_MEIPASS", "")
    bundled = os.path.join(here, "libcrypto.so.3") if here else ""
    path = bundled if bundled and os.path.exists(bundled) else ctypes.util.find_library("crypto")
    if not path:
        raise ImportError("cryptography stand-in: no libcrypto found")
    lib = ctypes.CDLL(path)
    lib.EVP_CIPHER_CTX_new.restype = ctypes.c_void_p
    lib.EVP_CIPHER_CTX_free.argtypes = [ctypes.c_void_p]
    lib.EVP_CIPHER_CTX_set_padding.argtypes = [ctypes.c_void_p, ctypes.c_int]
    for bits in (128, 192, 256):
        getattr(lib, f"EVP_aes_{bits}_cbc").restype = ctypes.c_void_p
    init = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.EVP_EncryptInit_ex.argtypes = lib.EVP_DecryptInit_ex.argtypes = init
    update = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_char_p, ctypes.c_int]
    lib.EVP_EncryptUpdate.argtypes = lib.EVP_DecryptUpdate.argtypes = update
    final = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    lib.EVP_EncryptFinal_ex.argtypes = lib.EVP_DecryptFinal_ex.argtypes = final
    return lib


class AES:
    block_size = 128

    def __init__(self, key: bytes) -> None:
        if len(key) not in (16, 24, 32):
            raise ValueError(f"Invalid key size ({len(key) * 8}) for AES.")
        self.key = bytes(key)


class CBC:
    def __init__(self, initialization_vector: bytes) -> None:
        if len(initialization_vector) != 16:
            raise ValueError("Invalid IV size for CBC.")
        self.initialization_vector = bytes(initialization_vector)


class _Context:
    """One EVP cipher context, unpadded like cryptography's (callers pad themselves)."""

    def __init__(self, cipher: AES, mode: CBC, encrypt: bool) -> None:
        self._lib = lib = _libcrypto()
        self._encrypt = encrypt
        self._ctx = lib.EVP_CIPHER_CTX_new()
        if not self._ctx:
            raise MemoryError("EVP_CIPHER_CTX_new failed")
        evp = getattr(lib, f"EVP_aes_{len(cipher.key) * 8}_cbc")()
        init = lib.EVP_EncryptInit_ex if encrypt else lib.EVP_DecryptInit_ex
        if init(self._ctx, evp, None, cipher.key, mode.initialization_vector) != 1:
            raise ValueError("EVP cipher init failed")
        lib.EVP_CIPHER_CTX_set_padding(self._ctx, 0)

    def update(self, data: bytes) -> bytes:
        data = bytes(data)
        out = ctypes.create_string_buffer(len(data) + 16)
        size = ctypes.c_int(0)
        step = self._lib.EVP_EncryptUpdate if self._encrypt else self._lib.EVP_DecryptUpdate
        if step(self._ctx, out, ctypes.byref(size), data, len(data)) != 1:
            raise ValueError("EVP cipher update failed")
        return out.raw[: size.value]

    def finalize(self) -> bytes:
        out = ctypes.create_string_buffer(16)
        size = ctypes.c_int(0)
        final = self._lib.EVP_EncryptFinal_ex if self._encrypt else self._lib.EVP_DecryptFinal_ex
        try:
            if final(self._ctx, out, ctypes.byref(size)) != 1:
                raise ValueError("The length of the provided data is not a multiple of the block length.")
            return out.raw[: size.value]
        finally:
            self._lib.EVP_CIPHER_CTX_free(self._ctx)
            self._ctx = None


class Cipher:
    def __init__(self, algorithm: AES, mode: CBC, backend: Any = None) -> None:
        if not isinstance(algorithm, AES) or not isinstance(mode, CBC):
            raise ImportError("cryptography stand-in: only AES-CBC is part of this build")
        self.algorithm, self.mode = algorithm, mode

    def encryptor(self) -> _Context:
        return _Context(self.algorithm, self.mode, encrypt=True)

    def decryptor(self) -> _Context:
        return _Context(self.algorithm, self.mode, encrypt=False)


class _Partial(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(f"{self.__name__}.{name}: only AES-CBC of cryptography is part of this build")


def stand_in_modules() -> dict[str, types.ModuleType]:
    """The stand-in's modules by name (not installed: install() does that); raises when no libcrypto loads."""
    _libcrypto()
    names = ["", ".hazmat", ".hazmat.backends", ".hazmat.primitives", ".hazmat.primitives.ciphers"]
    modules = {_PREFIX + n: _Partial(_PREFIX + n) for n in names}
    for name, module in modules.items():
        module.__path__ = []  # a package, so the submodule imports resolve from sys.modules
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(modules[parent], child, module)
    backends = modules["cryptography.hazmat.backends"]
    backends.default_backend = lambda: None  # type: ignore[attr-defined]
    ciphers = modules["cryptography.hazmat.primitives.ciphers"]
    ciphers.Cipher = Cipher  # type: ignore[attr-defined]
    ciphers.algorithms = types.SimpleNamespace(AES=AES)  # type: ignore[attr-defined]
    ciphers.modes = types.SimpleNamespace(CBC=CBC)  # type: ignore[attr-defined]
    return modules


def install() -> None:
    if importlib.util.find_spec(_PREFIX) is not None:
        return  # the real package is there
    try:
        sys.modules.update(stand_in_modules())
    except (ImportError, OSError, AttributeError):
        pass  # no usable libcrypto: keyring then finds no Secret Service backend and says so


if getattr(sys, "frozen", False):
    install()
