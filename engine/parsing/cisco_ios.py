"""cisco_ios (and cisco_xe) show-command parsers producing ntc-templates records.

Every parser returns the records, field names and string values of the ntc-templates TextFSM template
for the same command (``ntc_templates.parse.parse_output``), 10-60x faster: tables in `_cisco_tables`,
multi-line records as rule tables in `_cisco_templates`, both on the whole-text machinery of `_text`, and
`show inventory` in `_cisco_inventory`.  Lines a template would reject with an error are skipped, so no
parser raises on garbage, and pathological lines cost milliseconds, not the minutes that some template
patterns take on them.

Deliberate differences from the templates, each where a template loses device text, are listed in
docs/parsing.md and at each parser ("Truer than the template"): version of experimental builds and old
IOS, VLAN names with blanks and wrapped status, inventory serials and PIDs, MAC rows with flags or
several ports and the 4500 multicast section, MST instances, a wrapped 802.1X header, three CDP losses,
SVI/pseudowire/Control Plane interfaces, and every VLAN of a switchport or VLAN line.  Tables without
their header line (`| include` output) are read (the templates return nothing).  Lines longer than 512
characters are not read by the multi-line parsers.
"""

from __future__ import annotations

from engine.parsing import _cisco_tables as tables
from engine.parsing import _cisco_templates as templates
from engine.parsing._cisco_inventory import inventory
from engine.parsing.registry import Parser

PARSERS: dict[str, Parser] = {
    "show version": templates.VERSION.parse,
    "show interfaces status": tables.interfaces_status,
    "show mac address-table": tables.mac_address_table,
    "show authentication sessions": tables.authentication_sessions,
    "show vlan": tables.vlan,
    "show vlans": templates.VLANS.parse,  # the router's dot1Q sub-interfaces, not an alias of show vlan
    "show inventory": inventory,
    "show interfaces": templates.INTERFACES.parse,
    "show spanning-tree": tables.spanning_tree,
    "show cdp neighbors detail": templates.CDP_NEIGHBORS_DETAIL.parse,
    "show lldp neighbors detail": templates.LLDP_NEIGHBORS_DETAIL.parse,
    "show interfaces switchport": templates.INTERFACES_SWITCHPORT.parse,
}
