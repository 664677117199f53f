"""The Linux bundle's stand-in for `cryptography` (packaging/rthook_cryptography_aes.py): the AES-CBC
that SecretStorage exchanges the store password with must be byte-for-byte the real thing, or the
desktop keyring would hand back garbage (or refuse the secret) in the frozen app only."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rthook_aes", ROOT / "packaging" / "rthook_cryptography_aes.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # not frozen: defines, installs nothing
    return module


@pytest.fixture(scope="module")
def stand_in() -> ModuleType:
    return _load_hook().stand_in_modules()["cryptography.hazmat.primitives.ciphers"]


def test_matches_nist_sp800_38a_cbc_aes128(stand_in: ModuleType) -> None:
    key = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
    iv = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
    plain = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51")
    expected = bytes.fromhex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2")
    cipher = stand_in.Cipher(stand_in.algorithms.AES(key), stand_in.modes.CBC(iv), None)
    enc = cipher.encryptor()
    assert enc.update(plain) + enc.finalize() == expected
    dec = cipher.decryptor()
    assert dec.update(expected[:7]) + dec.update(expected[7:]) + dec.finalize() == plain


@pytest.mark.parametrize("key_bytes", [16, 24, 32])
def test_agrees_with_the_real_package_both_ways(stand_in: ModuleType, key_bytes: int) -> None:
    real = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    for size in (16, 48, 4096):
        key, iv, data = os.urandom(key_bytes), os.urandom(16), os.urandom(size)
        ours = stand_in.Cipher(stand_in.algorithms.AES(key), stand_in.modes.CBC(iv)).encryptor()
        theirs = real.Cipher(real.algorithms.AES(key), real.modes.CBC(iv)).encryptor()
        sealed = theirs.update(data) + theirs.finalize()
        assert ours.update(data) + ours.finalize() == sealed
        back = stand_in.Cipher(stand_in.algorithms.AES(key), stand_in.modes.CBC(iv)).decryptor()
        assert back.update(sealed) + back.finalize() == data


def test_refuses_what_it_does_not_provide(stand_in: ModuleType) -> None:
    with pytest.raises(ValueError):
        stand_in.algorithms.AES(b"short")
    enc = stand_in.Cipher(stand_in.algorithms.AES(bytes(16)), stand_in.modes.CBC(bytes(16))).encryptor()
    enc.update(b"not a block")
    with pytest.raises(ValueError, match="multiple of the block length"):
        enc.finalize()
    modules = _load_hook().stand_in_modules()
    with pytest.raises(ImportError, match="only AES-CBC"):
        modules["cryptography.hazmat.primitives"].hashes  # noqa: B018


def test_secretstorage_encrypts_through_it(stand_in: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """SecretStorage's own secret formatting, run against the stand-in, decrypts with the real package."""
    util = pytest.importorskip("secretstorage.util")
    real = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
    for name in ("Cipher", "algorithms", "modes"):
        monkeypatch.setattr(util, name, getattr(stand_in, name))

    class Session:
        object_path = "/org/freedesktop/secrets/session/1"
        encrypted = True
        aes_key = os.urandom(16)

    _, iv, sealed, _ = util.format_secret(Session(), "s3cret pass", "text/plain")
    dec = real.Cipher(real.algorithms.AES(Session.aes_key), real.modes.CBC(iv)).decryptor()
    padded = dec.update(sealed) + dec.finalize()
    assert padded[: -padded[-1]] == b"s3cret pass"
