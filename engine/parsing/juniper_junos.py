"""juniper_junos show-command parsers producing ntc-templates records.

`show version` and `show interfaces` follow the ntc-templates TextFSM template rule for rule
(`_text.Template`), the tables are read by code of their own with the template's fields.  Deliberate
differences, each where the template loses what the device printed:

* ``show version``: old releases without a ``Junos:`` line give ``junos_version`` from
  ``JUNOS Software Release [...]`` / ``JUNOS Base OS Software Suite [...]`` (the template leaves it empty).
* ``show interfaces``: ``Administratively down`` is an admin state (the template needs one word there and
  drops the whole interface); extra fields ``speed``, ``duplex`` (``Link-mode:``/``Duplex:``) and
  ``mac_address`` (``Current address:``) for the facts.
* ``show ethernet-switching table``: VLANs of any name are kept, with ``vlan_name`` the whole name and
  ``vlan_id`` the name without its ``Vlan``/``VLAN`` prefix (the template keeps only names starting with
  ``Vlan``); layouts without the Age column (QFX) and the non-ELS EX layout (``VLAN MAC address Type Age
  Interfaces``, flood rows ``*`` skipped) are read.
* ``show lldp neighbors``: Port info and System Name may hold blanks (cut at the header's System Name
  column), and the layout without a Parent Interface column is read (``parent_interface`` "").
* ``show interfaces terse`` has no ntc template: ``interface admin_state link_status proto local remote``.
* ``show dot1x interface`` (the brief table) has no ntc template: one record per row, ``interface`` (the
  logical unit as printed, ``ge-0/0/10.0``), ``role`` (``Authenticator``; "" in the old layout without a
  Role column), ``state`` (``Authenticated``, ``Connecting``, ``Held`` ...), ``mac_address`` and ``user``
  (both "" when no supplicant is connected; a user name may hold blanks).
* ``show configuration`` has no ntc template: one record per configured statement, ``statement`` (the
  ``set`` line, braces flattened, quotes kept off) and ``path`` (its words), from braces or ``| display set``.

Pager artefacts (``---(more)---``, ``---(more 45%)---``) and ``{master:0}`` lines are skipped everywhere.
"""

from __future__ import annotations

import re

from engine.parsing._junos_config import set_lines
from engine.parsing._text import Rule, Template, Value, prepare
from engine.parsing.registry import Parser, Record

_MORE = re.compile(r"-+\(more(?: \d+%)?\)-+[ \t]*(?:\x08+[ \t]*\x08+)?")


def _clean(text: str) -> str:
    """Drop Junos pager prompts (they may be glued to the next line's start) and unify line ends."""
    if "(more" in text:
        text = _MORE.sub("", text)
    return text


# ------------------------------------------------------------------------------------------ show version

_VERSION = Template(
    (Value("hostname", required=True), Value("model"), Value("junos_version"), Value("serial_number"),
     Value("qfabric_system_id"), Value("other_device_properties", list=True),
     Value("other_properties_versions", list=True), Value("redis_version"), Value("old_release")),
    {"Start": (
        Rule(r"Hostname:~+(?P<hostname>\S+)"),
        Rule(r"Model:~+(?P<model>\S+)"),
        Rule(r"Junos:~+(?P<junos_version>.*)"),
        Rule(r"JUNOS~+EX~*Software~+Suite~+\[(?P<junos_version>.*)\]"),
        Rule(r"Serial~+Number:~+(?P<serial_number>\S+)"),
        Rule(r"QFabric~+System~+ID:~+(?P<qfabric_system_id>\S+)"),
        # Not in the template: the release line of old (pre-15) Junos.
        Rule(r"JUNOS~+(?:Software~+Release|Base~+OS~+Software~+Suite)~+\[(?P<old_release>[^\]\n]+)\]", cont=True),
        Rule(r"JUNOS~+(?P<other_device_properties>[^\[\n]*)\[(?P<other_properties_versions>\S+)\]"),
        Rule(r"Redis~+\[(?P<redis_version>\S+)\]"),
    )},
)


def show_version(text: str) -> list[Record]:
    """`show version`: one record (the last member's values on a multi-member system, as the template)."""
    records = _VERSION.parse(_clean(text))
    for rec in records:
        old = rec.pop("old_release")
        if not rec["junos_version"]:
            rec["junos_version"] = old
    return records


# --------------------------------------------------------------------------------------- show interfaces

_INTERFACES = Template(
    tuple(Value(n, required=n == "interface") for n in (
        "interface", "link_status", "admin_state", "hardware_type", "description", "destination", "local", "mtu",
        "speed", "duplex", "mac_address")),
    {"Start": (
        Rule(r"~*\S+~+[Ii]nterface", cont=True, record=True),
        Rule(r"Physical~+interface:~+(?P<interface>\S+),~+(?P<admin_state>[^,\n]+),~+Physical~+link~+is~+"
             r"(?P<link_status>\w+)"),
        Rule(r"~+Interface index:"),
        Rule(r"~+Description:~+(?P<description>.*)$"),
        # Not in the template: speed, duplex and address for the facts (Continue: the template's rules follow).
        Rule(r"(?=.*(?:Link-mode|Duplex):).*(?:Link-mode|Duplex):~+(?P<duplex>[^,\n]+)", cont=True),
        Rule(r"(?=.*Speed:).*[ ,]Speed:~+(?P<speed>[^,\n]+)", cont=True),
        Rule(r"~+Current~+address:~+(?P<mac_address>[0-9a-fA-F:]+)", cont=True),
        Rule(r".*~+Link-level~+type:~+(?P<hardware_type>\S+),~+MTU:~+(?P<mtu>\d+|Unlimited)(?:,.+)?$"),
        Rule(r"~+(?:Pad to minimum frame size:|Link-mode|MAC-REWRITE|Flow control|Device [Ff]lags|Interface flags"
             r"|Link flags|Physical info|CoS queues|Schedulers|Current address|Last flapped|Input rate|Output rate"
             r"|Active alarms|Active defects|PCS statistics|Bit errors|Errored blocks|Interface transmit statistics)"),
        Rule(r"~+Logical~+interface~+(?P<interface>\S+)"),
        Rule(r"~+Flags:~+(?P<link_status>\w+)~+\S+~+\w+~+(?:\S+~+)*Encapsulation:"),
        Rule(r"~+Protocol~+inet.*,~+MTU:~+(?P<mtu>\d+|Unlimited)"),
    )},
)


def show_interfaces(text: str) -> list[Record]:
    """`show interfaces`: one record per physical and per logical interface."""
    return _INTERFACES.parse(_clean(text))


_TERSE_ROW = re.compile(r"(\S+)[ \t]+(up|down)[ \t]+(up|down)(?:[ \t]+(\S+))?(?:[ \t]+(\S+))?(?:[ \t]+(\S+))?")


def show_interfaces_terse(text: str) -> list[Record]:
    """`show interfaces terse`: one record per interface row (address continuation lines are skipped)."""
    out: list[Record] = []
    for line in prepare(_clean(text)).text.split("\n"):
        if not line or line[0] in " \t{":
            continue
        m = _TERSE_ROW.match(line)
        if m is not None:
            out.append({"interface": m[1], "admin_state": m[2], "link_status": m[3], "proto": m[4] or "",
                        "local": m[5] or "", "remote": m[6] or ""})
    return out


# --------------------------------------------------------------------------------- ethernet-switching

_MAC = r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}"
_ESW_AGE = re.compile(rf"\n[ \t]*+(\S++)[ \t]++({_MAC})[ \t]++(\S++)[ \t]++(\S++)[ \t]++(\S++)")
_ESW_NO_AGE = re.compile(rf"\n[ \t]*+(\S++)[ \t]++({_MAC})[ \t]++(\S++)[ \t]++(\S++)")
_ESW_HEADER = re.compile(r"\n[ \t]*(?:Vlan|VLAN)[ \t]+MAC[ \t]+(?:MAC[ \t]+)?(?:address[ \t]+)?(\S+)[^\n]*", re.I)
_VLAN_PREFIX = re.compile(r"(?i:vlan)-?(?=\S)")


def _vlan_fields(name: str) -> tuple[str, str]:
    if name.startswith("BD-"):
        return "", name[3:]
    return _VLAN_PREFIX.sub("", name, count=1), ""


def show_ethernet_switching_table(text: str) -> list[Record]:
    """`show ethernet-switching table`: one record per learned or static MAC."""
    body = prepare(_clean(text)).text
    header = _ESW_HEADER.search(body)
    has_age = header is None or "age" in header.group().lower()
    out: list[Record] = []
    if has_age:
        rows = [(v, m, f, a, i) for v, m, f, a, i in _ESW_AGE.findall(body)]
    else:
        rows = [(v, m, f, "", i) for v, m, f, i in _ESW_NO_AGE.findall(body)]
    for name, mac, flag, age, iface in rows:
        vlan_id, bd = _vlan_fields(name)
        out.append({"vlan_id": vlan_id, "bridge_domain_id": bd, "mac_address": mac, "mac_flag": flag, "age": age,
                    "logical_interface": iface, "vlan_name": name})
    return out


# ------------------------------------------------------------------------------------------------ lldp

_LLDP_HEADER = re.compile(r"Local[ \t]+Interface[ \t]+(?:(Parent[ \t]+Interface)[ \t]+)?Chassis[ \t]+Id[ \t]+"
                          r"Port[ \t]+info[ \t]+System[ \t]+Name")
_LEADING = {n: re.compile(rf"[ \t]*(?:\S+[ \t]+){{{n}}}") for n in (2, 3)}  # the local[, parent], chassis columns
_LLDP_FIELDS = ("local_interface", "parent_interface", "chassis_id", "neighbor_interface", "neighbor_name")


def show_lldp_neighbors(text: str) -> list[Record]:
    """`show lldp neighbors`: one record per neighbour row."""
    out: list[Record] = []
    name_at = port_at = -1  # header columns (Port info: where a row without parent token starts)
    parent = True
    for line in prepare(_clean(text)).text.split("\n"):
        header = _LLDP_HEADER.match(line)
        if header is not None:
            parent = header.group(1) is not None
            name_at, port_at = line.index("System Name"), line.index("Port info")
            continue
        tokens = line.split()
        fixed = 3 if parent else 2  # local, [parent,] chassis
        if len(tokens) < fixed + 2 or line[0] in " \t{":
            continue
        rec = dict.fromkeys(_LLDP_FIELDS, "")
        rec["local_interface"] = tokens[0]
        if parent:
            rec["parent_interface"] = tokens[1]
        rec["chassis_id"] = tokens[fixed - 1]
        if len(tokens) == fixed + 2:
            rec["neighbor_interface"], rec["neighbor_name"] = tokens[fixed], tokens[fixed + 1]
        elif name_at > 0 and len(line) > name_at and line[name_at - 1] == " " and line[name_at] != " ":
            start = _LEADING[fixed].match(line)
            rec["neighbor_interface"] = line[start.end() if start else port_at:name_at].strip()
            rec["neighbor_name"] = line[name_at:].strip()
        else:
            rec["neighbor_interface"], rec["neighbor_name"] = " ".join(tokens[fixed:-1]), tokens[-1]
        if rec["neighbor_interface"]:
            out.append(rec)
    return out


# ------------------------------------------------------------------------------------------------ dot1x

_DOT1X_HEADER = re.compile(r"[ \t]*Interface[ \t]+(Role[ \t]+)?State[ \t]+MAC[ \t]+address[ \t]+User")
_DOT1X_PORT = re.compile(r"(?:[a-z]{2,4}-\d+/\d+/\d+(?::\d+)?|ae\d+)(?:\.\d+)?$")
_DOT1X_MAC = re.compile(_MAC + "$")


def show_dot1x_interface(text: str) -> list[Record]:
    """`show dot1x interface [brief]`: one record per interface or supplicant row."""
    out: list[Record] = []
    role_column = True
    for line in prepare(_clean(text)).text.split("\n"):
        header = _DOT1X_HEADER.match(line)
        if header is not None:
            role_column = header.group(1) is not None
            continue
        tokens = line.split(None, 4 if role_column else 3)
        if len(tokens) < (3 if role_column else 2) or not _DOT1X_PORT.match(tokens[0]):
            continue
        role = tokens[1] if role_column else ""
        rest = tokens[2:] if role_column else tokens[1:]
        mac = rest[1] if len(rest) > 1 and _DOT1X_MAC.match(rest[1]) else ""
        user = " ".join(rest[2:] if mac else rest[1:]).strip()
        out.append({"interface": tokens[0], "role": role, "state": rest[0], "mac_address": mac, "user": user})
    return out


def show_configuration(text: str) -> list[Record]:
    """`show configuration`: the statements as set lines (see `_junos_config`)."""
    return [{"statement": "set " + " ".join(path), "path": path} for path in set_lines(_clean(text)) if path]


PARSERS: dict[str, Parser] = {
    "show version": show_version,
    "show interfaces": show_interfaces,
    "show interfaces terse": show_interfaces_terse,
    "show ethernet-switching table": show_ethernet_switching_table,
    "show lldp neighbors": show_lldp_neighbors,
    "show configuration": show_configuration,
    "show dot1x interface": show_dot1x_interface,
}
