"""Secrets in running configurations are stored masked unless the workspace opts in."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from engine.cli import main
from engine.facts.common import vlan_number
from engine.facts.config import mask_secrets
from engine.workspace import SETTINGS_NAME

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
SECRETS = ("aaa authentication dot1x default group radius\n"
           "radius-server host 10.0.10.21 key 7 0822455D0A16\n"
           "tacacs-server key Sup3rTac\n"
           "enable secret 9 $9$2vKX3mE7q0pQ1E$4p0kCq\n"
           "username admin privilege 15 password 7 094F471A1A0A\n"
           "snmp-server community Publ1cRO RO\n")


@pytest.mark.parametrize(("line", "masked"), [
    ("radius-server host 10.0.10.21 key 7 0822455D0A16", "radius-server host 10.0.10.21 key 7 <removed>"),
    (" key 7 0822455D0A16", " key 7 <removed>"),
    ("snmp-server community 7 0822455D0A16544541 RO", "snmp-server community 7 <removed> RO"),
    ("enable secret 9 $9$2vKX3", "enable secret 9 <removed>"),
    ("username a role network-admin secret sha512 $6$Xk2$abc", "username a role network-admin secret sha512 <removed>"),
    ("ip ospf message-digest-key 1 md5 S3cr", "ip ospf message-digest-key 1 md5 <removed>"),
    ("key chain EIGRP", "key chain EIGRP"),
    ("no service password-encryption", "no service password-encryption"),
])
def test_mask_secrets(line: str, masked: str) -> None:
    assert mask_secrets(line) == masked


def test_a_superscript_vlan_is_not_a_number() -> None:
    assert vlan_number("²") == 0 and vlan_number("20") == 20 and vlan_number("٣") == 0


def _ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str], store_secrets: bool | None) -> str:
    corpus, home = tmp_path / "in", tmp_path / "home"
    corpus.mkdir()
    text = (DATA / "wlls_batch01.log").read_text(encoding="utf-8").replace("aaa new-model\n", "aaa new-model\n" + SECRETS)
    (corpus / "s.log").write_text(text, encoding="utf-8")
    if store_secrets is not None:
        (home / "data").mkdir(parents=True)
        (home / "data" / SETTINGS_NAME).write_text(json.dumps({"ParserSettings": {"StoreSecrets": store_secrets}}))
    assert main(["ingest", "--json", "--processes", "1", str(corpus), "--home", str(home)]) == 0, capsys.readouterr()
    capsys.readouterr()
    with sqlite3.connect(home / "data" / "WLLS" / "WLLS.sqlite") as conn:
        return str(conn.execute("SELECT AuthBlock FROM DeviceSummary").fetchone()[0])


def test_stored_auth_block_has_no_secret_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    block = _ingest(tmp_path, capsys, None)
    assert "radius-server host 10.0.10.21 key 7 <removed>" in block.splitlines()
    assert "0822455D0A16" not in block


def test_a_workspace_that_opts_in_keeps_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    block = _ingest(tmp_path, capsys, True)
    assert "radius-server host 10.0.10.21 key 7 0822455D0A16" in block.splitlines()
