"""cisco_nxos show-command parsers producing ntc-templates records.

`show version`, `show interface` and `show interface status` follow the ntc-templates TextFSM template of
the same command rule for rule (`_text.Template`; ``~`` where the template matches a blank), so their
records are the template's.  `show vlan` and `show mac address-table` are read by code of their own with
the template's fields.  Deliberate differences, each where the template loses what the device printed:

* ``show vlan``: names and statuses are cut at the header's columns, so a name with blanks stays whole
  (the template takes its first word as the name and the second as the status); every port of a line is
  kept (the template keeps 58 of a first line and 61 of a continuation line).
* ``show mac address-table``: ``ports`` is the whole rest of the row (``vPC Peer-Link``; the template keeps
  the first word), and only rows whose MAC column holds a MAC are records.
* ``show running-config`` has no ntc template: one record per ``interface`` block (``interface description
  shutdown mode access_vlan trunk_vlans channel_group config``) and one with ``hostname location contact``.
* ``show dot1x all summary`` has no ntc template: one record per client row, ``interface`` (as printed,
  ``Ethernet1/9``), ``pae`` (``AUTH``), ``client`` (the supplicant's MAC, or ``none``) and ``status``
  (``AUTHORIZED`` / ``UNAUTHORIZED``); a second client's row under the same interface (blank Interface
  and PAE columns) gets that interface and PAE.
* Lines a template would reject with an error are skipped, so no parser raises on garbage or prompts.
"""

from __future__ import annotations

import re

from engine.parsing._text import Rule, Template, Value, interface_tokens, prepare
from engine.parsing.registry import Parser, Record

# ------------------------------------------------------------------------------------------ show version

VERSION = Template(
    tuple(Value(n) for n in ("uptime", "last_reboot_reason", "bios", "os", "boot_image", "platform", "hostname",
                             "serial")),
    {"Start": (
        Rule(r"~+(?:BIOS:~+version)~+(?P<bios>\d+.\d+(?:.+)?)~*$"),
        Rule(r"~+(?:NXOS: version|system:~+version)~+(?P<os>\d+.\d+(?:.+)?)~*$"),
        Rule(r"~+(?:NXOS|kickstart)~+image~+file~+is:~+(?P<boot_image>.*)~*$"),
        Rule(r"~+cisco~+(?P<platform>[\w-]+)~+[cC]hassis"),
        Rule(r"~+cisco~+Nexus\d+~+(?P<platform>[\w-]+)"),
        Rule(r"~+cisco~+Nexus~+(?P<platform>[\w-]+)~+[cC]hassis"),
        Rule(r"~+Device~+name:~+(?P<hostname>.*)$"),
        Rule(r"~+cisco~+.+-(?P<platform>[\w-]+)~*"),
        Rule(r"~*Processor~[Bb]oard~ID~+(?P<serial>\w+)$"),
        Rule(r"Kernel~+uptime~+is~+(?P<uptime>(?:\d+~\w+.s.,?~?){4})"),
        Rule(r"~+Reason:~(?P<last_reboot_reason>.+)", record=True),
    )},
)

# ---------------------------------------------------------------------------------------- show interface

_INTERFACE_START = (
    Rule(r"\S+~+is.+", cont=True, record=True),
    Rule(r"(?P<interface>\S+)~+is~+(?P<link_status>.+?),~+line~+protocol~+is~+(?P<admin_state>.+?)$"),
    Rule(r"(?P<interface>\S+)~+is~+(?P<link_status>.+?)$"),
    Rule(r"admin~+state~+is~+(?P<admin_state>.+?),"),
    Rule(r"admin~+state~+is~+(?P<admin_state>.+?)"),
    Rule(r"~+[Aa]dmin~+[Ss]tate:~+(?P<admin_state>.+?)"),
    Rule(r"~+Hardware(?::|~+is)~+(?P<hardware_type>.*),~+address(?::|~+is)~+(?P<mac_address>[a-zA-Z0-9]+.[a-zA-Z0-9]+.[a-zA-Z0-9]+)(?:.*bia~+(?P<bia>[a-zA-Z0-9]+.[a-zA-Z0-9]+.[a-zA-Z0-9]+))*"),
    Rule(r"~+Hardware(?::|~+is)~+(?P<hardware_type>.*)"),
    Rule(r"~+(?:Port~+)?[Dd]escription(?::|~+is)~+(?P<description>\S+(?:(?:~+\S+)+)?)~*$"),
    Rule(r"~+Internet~+[aA]ddress~+is~+(?P<ip_address>\d+\.\d+\.\d+\.\d+)\/(?P<prefix_length>\d+)"),
    Rule(r"~+Port~+mode~+is~+(?P<mode>\S+)"),
    Rule(r"~+(?P<duplex>.+duplex?),~+(?P<speed>.+?)(?:,~+media~+type~+is~+(?P<media_type>.+?))?~*$"),
    Rule(r"~+MTU~+(?P<mtu>\d+)(?:.*BW~+(?P<bandwidth>\d+~+\w+).*DLY~+(?P<delay>\d+~+\w+))?"),
    Rule(r"~+Encapsulation~+(?P<encapsulation>[\w\.]+),?(?:~+Virtual~+LAN,~+Vlan~+ID~+(?P<vlan_id>\d+),)?"),
    Rule(r"~+(?P<input_packets>\d+)~+input~+packets~+\d+~+bytes~*$"),
    Rule(r"~+(?P<output_packets>\d+)~+output~+packets~+\d+~+bytes~*$"),
    Rule(r"~+(?P<input_packets>\d+)~+input~+packets(?:~+\d+~+(?:unicast|multicast)+~+packets){2}~*$"),
    Rule(r"~+(?P<output_packets>\d+)~+output~+packets(?:~+\d+~+(?:unicast|multicast)+~+packets){2}~*$"),
    Rule(r"~+(?P<input_packets>\d+)~+packets~+input,?~+\d+~+bytes~*$"),
    Rule(r"~+(?P<output_packets>\d+)~+packets~+output,?~+\d+~+bytes(?:~+(?P<underrun>\d+)~+underruns~*)?$"),
    Rule(r"~+input:~+(?P<input_packets>\d+)~+pkts,~+\d+~+bytes~+-~+output:~+(?P<output_packets>\d+)~+pkts,~+\d+~+bytes~*$"),
    Rule(r"~+Last~+link~+flapped~+(?P<last_link_flapped>.+?)~*$"),
    Rule(r"~+\d+~+(?:second|minute)s?~+input~+rate~+(?P<bandwidth_input_rate>.+?)~+bits/sec(?:,~+(?P<packet_input_rate>.+?)~+packets/sec)?"),
    Rule(r"~+\d+~+(?:second|minute)s?~+output~+rate~+(?P<bandwidth_output_rate>.+?)~+bits/sec(?:,~+(?P<packet_output_rate>.+?)~+packets/sec)?"),
    Rule(r"~+(?P<input_errors>\d+)~+input~+errors?~+(?P<short_frame>\d+)~+short~+frame~+(?P<overrun>\d+)~+overrun~+(?P<underrun>\d+)~+underrun~+(?P<ignored>\d+)~+ignored~*$"),
    Rule(r"~+(?P<input_errors>\d+)~+input~+errors~+(?P<short_frame>\d+)~+frame~+(?P<overrun>\d+)~+overrun~+\d+~+fifo~*$"),
    Rule(r"~+(?P<watchdog>\d+)~+watchdog~+(?P<bad_etype_drop>\d+)~+bad~+etype~+drop~+(?P<bad_proto_drop>\d+)~+bad~+proto~+drop~+(?P<interface_down_drop>\d+)~+if~+down~+drop~*$"),
    Rule(r"~+(?P<dribble>\d+)~+input~+with~+dribble~+(?P<input_discards>\d+)~+input~+discard~*$"),
    Rule(r"~+(?P<rx_pause>\d+)~+Rx~+pause~*$"),
    Rule(r"~+(?P<stomped_crc>\d+)~+Stomped~+CRC~*$"),
    Rule(r"~+(?P<rx_jumbo_packets>\d+)~+jumbo~+packets~+(?P<storm_suppression_bytes>\d+)~+storm~+suppression~+bytes~*$"),
    Rule(r"~+(?P<rx_jumbo_packets>\d+)~+jumbo~+packets~+\d+~+storm~+suppression~+packets~*$"),
    Rule(r"~+(?P<rx_jumbo_packets>\d+)~+jumbo~+pa(?:ckets)?~+Encapsulation~+\S+,~+medium~+is~+\S+"),
    Rule(r"~+(?P<runts>\d+)~+runts~+(?P<giants>\d+)~+giants~+(?P<crc>\d+)~+CRC(?:/FCS)?~+(?P<no_buffer>\d+)~+no~+buffer~*$"),
    Rule(r"~+(?P<crc>\d+)~+CRC,~+\d+~+unknown~+class"),
    Rule(r"~+(?P<tx_jumbo_packets>\d+)~+jumbo~+packets~*$"),
    Rule(r"~+(?P<output_errors>\d+)~+output~+errors?~+(?P<collisions>\d+)~+collision~+(?P<deferred>\d+)~+deferred~+(?P<late_collisions>\d+)~+late~+collision~*$"),
    Rule(r"~+(?P<output_errors>\d+)~+output~+errors~+(?P<collisions>\d+)~+collisions~+\d+~+fifo~*$"),
    Rule(r"~+(?P<lost_carrier>\d+)~+lost~+carrier~+(?P<no_carrier>\d+)~+no~+carrier~+(?P<babble>\d+)~+babble~+(?P<output_discards>\d+)~+output~+discard~*$"),
    Rule(r"~+(?P<tx_pause>\d+)~+Tx~+pause~*$"),
    Rule(r"~+reliability~+\d+/\d+,~+txload~+\d+/\d+,~+rxload~+\d+/\d+~*$"),
    Rule(r"~+Auto-(?:mdix|Negotiation)~+is~+"),
    Rule(r"~+(?:Beacon|EtherType|Rate~+mode|Switchport~+monitor)~+is~+"),
    Rule(r"~+Input~+flow-control~+is~+\S+,~+output~+flow-control~+is~+\S+~*$"),
    Rule(r"~+EEE~+\(efficient-ethernet\)~+"),
    Rule(r'~+[Ll]ast~+clearing~+of~+"show~+interface"~+counters~+'),
    Rule(r"~+\d+~+interface~+resets~*$"),
    Rule(r"~+Load-Interval~+"),
    Rule(r"~+L3~+(?:(?:in|out)~+)?Switched:~*$"),
    Rule(r"~+[RT][Xx]~*$"),
    Rule(r"~+Dedicated~+Interface~*$"),
    Rule(r"~+Belongs~+to~+"),
    Rule(r"~+admin~+fec~+state~+is~+\S+,~+oper~+fec~+state~+is~+\S+~*$"),
    Rule(r"~+Keepalive~+"),
    Rule(r"~+ARP~+type:~+\S+~*$"),
    Rule(r"~+\d+~+broadcast~+packets~+\d+~+(?:bytes|packets/sec)~*$"),
    Rule(r"~+ucast:~+\d+~+pkts,~+\d+~+bytes(?:~+-~+mcast:~+\d+~+pkts,~+\d+~+bytes)?~*$"),
    Rule(r"~*\d+~+unicast~+packets~+\d+~+multicast~+packets(?:~+\d+~+broadcast~+packets)?~*$"),
    Rule(r"~+(?:Ha~+)?input~+rate~+\S+~+\w?bps,~+\S+~+\w?pps;~+output~+rate~+\S+~+\w?bps,~+\S+~+\w?pps~*$"),
    Rule(r"~+Members~+in~+this~+channel:~+"),
    Rule(r"~+No~+members"),
    Rule(r"~+Management~+transceiver:"),
    Rule(r"~+Active~+connector:"),
    Rule(r"~+Configured~+Media-type:"),
    Rule(r"~+vPC~+Status:~+\S+,~+vPC~+number:~+\d+"),
    Rule(r"~+Input~+flow-control~+is~+\S+,~+Port~+mode~+is~+\S+~*$"),
    Rule(r"~+\d+~+multicast~+frames~+\d+~+compressed~*$"),
    Rule(r"~+\d+~+out_carrier_errors~*$"),
    Rule(r"~+VFC~+not~+bound"),
    Rule(r"~+Port~+(?:WWN|vsan)"),
    Rule(r"~+Admin~+port~+mode"),
    Rule(r"~+snmp~+link~+state"),
    Rule(r"~+Current~+counters~+not~+available"),
    Rule(r"~+Receive~+data~+field~+[Ss]ize~+is"),
    Rule(r"~+\d+~+frames~+(?:in|out)put,~+\d+~+bytes"),
    Rule(r"~+\d+~+discards,~+\d+~+errors"),
    Rule(r"~+\d+~+too~+long,~+\d+~+too~+short"),
    Rule(r"~+\d+~+(?:in|out)put~+OLS,~+\d+~+LRR,~+\d+~+NOS,~+\d+~+loop~+inits"),
    Rule(r"~+Interface~+last~+changed"),
    Rule(r"~+T(?:unnel|ransport)~+protocol"),
    Rule(r"~+Tunnel~+(?:source|interface)"),
)

INTERFACE = Template(
    tuple(Value(n, required=n == "interface") for n in (
         "interface", "link_status", "admin_state", "hardware_type", "mac_address", "bia", "description",
    "ip_address", "prefix_length", "mtu", "mode", "duplex", "speed", "input_packets", "output_packets",
    "input_errors", "output_errors", "bandwidth", "delay", "encapsulation", "last_link_flapped", "vlan_id",
    "packet_input_rate", "packet_output_rate", "bandwidth_input_rate", "bandwidth_output_rate", "media_type",
    "short_frame", "overrun", "underrun", "ignored", "watchdog", "bad_etype_drop", "bad_proto_drop",
    "interface_down_drop", "dribble", "input_discards", "rx_pause", "stomped_crc", "rx_jumbo_packets",
    "storm_suppression_bytes", "runts", "giants", "crc", "no_buffer", "tx_jumbo_packets", "collisions",
    "deferred", "late_collisions", "lost_carrier", "no_carrier", "babble", "output_discards", "tx_pause",
    )),
    {"Start": _INTERFACE_START},
)

# --------------------------------------------------------------------------------- show interface status

_STATUS = r"(?P<status>connected|notconnec|down|disabled|sfpAbsent|xcvrAbsen|channelDo|noOperMem)"
INTERFACE_STATUS = Template(
    tuple(Value(n) for n in ("port", "name", "status", "vlan_id", "duplex", "speed", "type")),
    {"Start": (
        Rule(r"(?P<port>\S+)~+(?P<name>.*?)~+" + _STATUS + r"~+(?P<vlan_id>\d+|routed|trunk|f-path|--)~+"
             r"(?P<duplex>\S+)~+(?P<speed>\S+)(?:~+(?P<type>\S+(?:~\S+)*))?~*$", record=True),
        Rule(r"[Pp]ort~+[Nn]ame~+[Ss]tatus~+[Vv]lan~+[Dd]uplex~+[Ss]peed~+[Tt]ype~*$"),
        Rule(r"Interface~+Name~+Status~+(?:Reason~+){2}description~*$"),
        Rule(r"(?P<port>\S+)~+(?P<name>.*?)~+" + _STATUS + r"~+admin~+down~+\S+~+\S+~*$", record=True),
        Rule(r"(?P<port>\S+)~+(?P<name>.*?)~+" + _STATUS + r"~+\S+(?:~+\S+)?~+.*?~*$", record=True),
    )},
)

# ------------------------------------------------------------------------------- show mac address-table

_MAC_ROW = re.compile(
    r"\n[^\n]*?[ \t](\S++)[ \t]++([0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})[ \t]++(\S++)[ \t]++(\S++)"
    r"[ \t]++([TF])[ \t]++([TF])[ \t]++(\S++(?:[ \t]++\S++)*+)"
)


def mac_address_table(text: str) -> list[Record]:
    """`show mac address-table`: one record per row (a marker column, then seven columns)."""
    return [
        {"vlan_id": vlan, "mac_address": mac, "type": typ, "age": age, "secure": secure, "ntfy": ntfy,
         "ports": ports}
        for vlan, mac, typ, age, secure, ntfy, ports in _MAC_ROW.findall(prepare(text).text)
    ]


# ------------------------------------------------------------------------------------------- show vlan

_VLAN_HEADER = re.compile(r"VLAN[ \t]+Name[ \t]+Status[ \t]+Ports")
_VLAN_ROW = re.compile(r"(\d+)[ \t]+(\S+)[ \t]+(\S+)")
_VLAN_END = re.compile(r"\S+[ \t]+[TtYyPpEe]{4}")


def vlan(text: str) -> list[Record]:
    """`show vlan`: one record per VLAN with its member ports, up to the `VLAN Type` table."""
    out: list[Record] = []
    cur: Record | None = None
    status_at = -1
    for line in prepare(text).text.split("\n"):
        if status_at < 0:
            if _VLAN_HEADER.match(line):
                status_at = line.index("Status")
            continue
        if not line:
            continue
        first = line[0]
        if first.isdigit():
            if cur is not None:
                out.append(cur)
            cur = None
            m = _VLAN_ROW.match(line)
            if m is None:
                continue
            if line[status_at - 1:status_at] == " " and len(line) > status_at and line[status_at] != " ":
                name = line[m.end(1):status_at].strip()
                status, _, rest = line[status_at:].partition(" ")
                members = rest.split()
            else:
                name, status, members = m[2], m[3], line[m.end():].split()
            cur = {"vlan_id": m[1], "vlan_name": name, "status": status, "interfaces": interface_tokens(members)}
        elif first in " \t":
            if cur is not None:
                cur["interfaces"].extend(interface_tokens(line.split()))
        elif line.startswith("-"):
            continue
        elif _VLAN_END.match(line):
            break
    if cur is not None:
        out.append(cur)
    return out


# ------------------------------------------------------------------------------------ show running-config

_BLOCK = re.compile(r"^interface[ \t]+(\S+)[ \t]*\n((?:[ \t]+[^\n]*(?:\n|$))*)", re.M)
_GLOBAL = {"hostname": re.compile(r"^(?:hostname|switchname)[ \t]+(\S+)", re.M),
           "location": re.compile(r"^snmp-server location[ \t]+(.+?)[ \t]*$", re.M),
           "contact": re.compile(r"^snmp-server contact[ \t]+(.+?)[ \t]*$", re.M)}
_LEAVES = {"description": re.compile(r"^[ \t]+description[ \t]+(.+?)[ \t]*$", re.M),
           "mode": re.compile(r"^[ \t]+switchport mode[ \t]+(\S+)", re.M),
           "access_vlan": re.compile(r"^[ \t]+switchport access vlan[ \t]+(\d+)", re.M),
           "trunk_vlans": re.compile(r"^[ \t]+switchport trunk allowed vlan[ \t]+(\S+)", re.M),
           "channel_group": re.compile(r"^[ \t]+channel-group[ \t]+(\d+)", re.M)}
_SHUTDOWN = re.compile(r"^[ \t]+shutdown[ \t]*$", re.M)


def running_config(text: str) -> list[Record]:
    """`show running-config`: the global record, then one record per interface block."""
    body = prepare(text).text[1:]
    out: list[Record] = [{k: (m.group(1) if (m := rx.search(body)) else "") for k, rx in _GLOBAL.items()}]
    for block in _BLOCK.finditer(body):
        config = block.group(2).rstrip()
        rec: Record = {"interface": block.group(1)}
        for key, rx in _LEAVES.items():
            m = rx.search(config)
            rec[key] = m.group(1) if m else ""
        rec["shutdown"] = "yes" if _SHUTDOWN.search(config) else ""
        rec["config"] = config
        out.append(rec)
    return out


# ----------------------------------------------------------------------------------- show dot1x all summary

_DOT1X_PORT = re.compile(r"(?:ethernet|eth|port-channel|po)\d+(?:/\d+)*$", re.I)
_DOT1X_CLIENT = re.compile(r"(?:[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2}|none)$",
                           re.I)


def dot1x_all_summary(text: str) -> list[Record]:
    """`show dot1x all summary`: one record per interface row and per further client row below it."""
    out: list[Record] = []
    last: Record | None = None
    for line in prepare(text).text.split("\n"):
        tokens = line.split()
        if len(tokens) == 4 and _DOT1X_PORT.match(tokens[0]):
            last = {"interface": tokens[0], "pae": tokens[1], "client": tokens[2], "status": tokens[3]}
            out.append(last)
        elif len(tokens) == 3 and _DOT1X_PORT.match(tokens[0]):
            last = {"interface": tokens[0], "pae": tokens[1], "client": "", "status": tokens[2]}
            out.append(last)
        elif len(tokens) == 2 and last is not None and line[0] in " \t" and _DOT1X_CLIENT.match(tokens[0]):
            out.append({**last, "client": tokens[0], "status": tokens[1]})
        elif tokens and line[0] not in " \t-" and not tokens[0].startswith("Interface"):
            last = None
    return out


PARSERS: dict[str, Parser] = {
    "show version": VERSION.parse,
    "show interface": INTERFACE.parse,
    "show interface status": INTERFACE_STATUS.parse,
    "show mac address-table": mac_address_table,
    "show vlan": vlan,
    "show running-config": running_config,
    "show dot1x all summary": dot1x_all_summary,
}
