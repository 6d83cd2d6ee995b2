#!/usr/bin/env python3
"""tunnelend.py - one end of a Geneve, GRE, ERSPAN, IP-in-IP, GTP-U or MPLS tunnel, in user
space.

scenarios-tunnels.sh carries TLS connections through tunnels and captures them on the
underlay. The kernel of the machines the captures are made on has VXLAN but none of
the other tunnel drivers (no CONFIG_GENEVE, CONFIG_NET_IPGRE, CONFIG_NET_IPIP,
CONFIG_IPV6_SIT, CONFIG_IPV6_GRE, CONFIG_IPV6_TUNNEL, CONFIG_GTP, CONFIG_MPLS), so
`ip link add ... type geneve|gretap|erspan|ipip|sit|ip6tnl|gtp` fails there and there
are no MPLS routes. This program does what those drivers do: it creates the inner
device (TAP for an inner Ethernet, TUN for an inner IP packet), puts every packet the
kernel sends on it behind the tunnel's headers and sends the result to the remote end
with the kernel's own UDP or raw IP socket (the kernel writes and routes the outer IP
header), and the other way round. MPLS has no IP header of its own: its frames go out on a raw
packet socket (AF_PACKET) of the underlay device, Ethernet header and all.
The headers are the ones the Linux drivers write:

  geneve   UDP to port 6081, 8-byte Geneve header (no options), inner Ethernet
  gretap   GRE with a key, protocol 0x6558 (Transparent Ethernet Bridging)
  gre      GRE with a key, protocol 0x0800 or 0x86DD, inner IP packet (no Ethernet)
  erspan1  GRE with a sequence number, protocol 0x88BE, ERSPAN type II header
  erspan2  GRE with a sequence number, protocol 0x22EB, ERSPAN type III header
  ipip     IPv4 protocol 4, inner IPv4 packet
  sit      IPv4 protocol 41, inner IPv6 packet
  ip6gre   IPv6 next header 47, GRE without key, inner IP packet
  ipip6    IPv6 next header 4, inner IPv4 packet (ip6tnl mode ipip6, "4in6")
  gtpu     UDP port 2152 both ways, GTPv1-U G-PDU header (as the gtp module writes it:
           flags 0x30 - version 1, PT 1, no optional fields -, message type 0xff,
           length, TEID), inner IP packet (3GPP TS 29.281)
  mpls     Ethernet type 0x8847, a label stack (bottom of stack set on the last, each
           label's TTL the inner packet's TTL, traffic class 0), inner IP packet
           (RFC 3032; as `ip route add ... encap mpls 16/100` makes the kernel write it)

(erspan1 and erspan2 are named as iproute2's erspan_ver 1 and 2.)

Usage (as root):
    tunnelend.py NS DEV KIND LOCAL REMOTE [KEY]
KEY is the GRE key (gretap, gre), the Geneve VNI, the ERSPAN session ID or the GTP-U
TEID (the same both ways). For mpls, LOCAL is the underlay device, REMOTE the MAC
address of the other end on it and KEY the label stack, outermost first, as
LABEL[/LABEL...]; frames whose labels differ are not this tunnel's. The device
is created down; "ready" is printed on standard output, then packets are carried until
the program is killed; the device disappears with it.
"""

import ctypes
import fcntl
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
PACKET_MAX = 65536

GRE_KEY = 0x2000
GRE_SEQ = 0x1000
ETH_P_TEB = 0x6558
ETH_P_ERSPAN = 0x88BE
ETH_P_ERSPAN2 = 0x22EB
GENEVE_PORT = 6081
GTPU_PORT = 2152
GTPU_FLAGS = 0x30  # version 1, protocol type GTP (not GTP'), no E, S or PN
GTPU_GPDU = 0xFF
ETH_P_MPLS = 0x8847
SIOCGIFHWADDR = 0x8927
PACKET_OUTGOING = 4

libc = ctypes.CDLL(None, use_errno=True)


def enter_namespace(name):
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {name}: {os.strerror(err)}")
    finally:
        os.close(fd)


def open_dev(device, ethernet):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    flags = (IFF_TAP if ethernet else IFF_TUN) | IFF_NO_PI
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", device.encode(), flags))
    return fd


class Tunnel:
    """Encapsulation and decapsulation of one KIND of tunnel."""

    def __init__(self, kind, key):
        self.kind = kind
        if kind == "mpls":
            self.labels = [int(label, 0) for label in key.split("/")]
            self.key = 0
        else:
            self.key = int(key, 0)
        self.seq = 0
        self.ethernet = kind in ("geneve", "gretap", "erspan1", "erspan2")

    def gre(self, proto, payload):
        if self.kind in ("gretap", "gre"):
            return struct.pack("!HHI", GRE_KEY, proto, self.key) + payload
        if self.kind.startswith("erspan"):
            seq, self.seq = self.seq, (self.seq + 1) & 0xFFFFFFFF
            return struct.pack("!HHI", GRE_SEQ, proto, seq) + payload
        return struct.pack("!HH", 0, proto) + payload

    def encap(self, inner):
        if self.kind == "geneve":
            # Version 0, no options, protocol Transparent Ethernet Bridging, VNI.
            return struct.pack("!BBHI", 0, 0, ETH_P_TEB, self.key << 8) + inner
        if self.kind == "gretap":
            return self.gre(ETH_P_TEB, inner)
        if self.kind == "erspan1":
            # Type II: version 1, VLAN 0, COS 0, En 0, T 0, session ID; index 0.
            hdr = struct.pack("!HHI", 1 << 12, self.key & 0x3FF, 0)
            return self.gre(ETH_P_ERSPAN, hdr + inner)
        if self.kind == "erspan2":
            # Type III: version 2, session ID, a timestamp in 100 us units (granularity
            # 0), SGT 0, no platform sub-header, hardware ID 0, direction ingress.
            stamp = int(time.monotonic() * 10000) & 0xFFFFFFFF
            hdr = struct.pack("!HHIHH", 2 << 12, self.key & 0x3FF, stamp, 0, 0)
            return self.gre(ETH_P_ERSPAN2, hdr + inner)
        if self.kind in ("gre", "ip6gre"):
            return self.gre(0x86DD if inner[0] >> 4 == 6 else 0x0800, inner)
        if self.kind == "gtpu":
            return struct.pack("!BBHI", GTPU_FLAGS, GTPU_GPDU, len(inner), self.key) + inner
        if self.kind == "mpls":
            # The TTL of the IP header: byte 8 of IPv4, byte 7 (hop limit) of IPv6.
            ttl = inner[7] if inner[0] >> 4 == 6 else inner[8]
            stack = b"".join(
                struct.pack("!I", label << 12 | (0x100 if i == len(self.labels) - 1 else 0) | ttl)
                for i, label in enumerate(self.labels))
            return stack + inner
        return inner  # ipip, sit, ipip6: the inner packet right after the outer header

    def decap(self, outer):
        """The inner packet of OUTER (without the outer IP header), or None."""
        if self.kind == "geneve":
            if len(outer) < 8 or struct.unpack("!I", outer[4:8])[0] >> 8 != self.key:
                return None
            return outer[8 + 4 * (outer[0] & 0x3F):]
        if self.kind in ("ipip", "sit", "ipip6"):
            return outer
        if self.kind == "gtpu":
            if len(outer) < 8:
                return None
            flags, mtype, length, teid = struct.unpack("!BBHI", outer[:8])
            if flags >> 5 != 1 or mtype != GTPU_GPDU or teid != self.key:
                return None
            off = 8
            if flags & 0x07:  # sequence number, N-PDU number, next extension type
                off += 4
                nxt = outer[off - 1]
                while nxt:  # extension headers: a length in 4-byte units first
                    if off >= len(outer) or outer[off] == 0:
                        return None
                    off += 4 * outer[off]
                    if off > len(outer):
                        return None
                    nxt = outer[off - 1]
            return outer[off:8 + length]
        if self.kind == "mpls":
            for i, label in enumerate(self.labels):
                if len(outer) < 4 * (i + 1):
                    return None
                entry = struct.unpack("!I", outer[4 * i:4 * i + 4])[0]
                bottom = i == len(self.labels) - 1
                if entry >> 12 != label or bool(entry & 0x100) != bottom:
                    return None
            return outer[4 * len(self.labels):]
        flags, _ = struct.unpack("!HH", outer[:4])
        off = 4 + (4 if flags & 0x8000 else 0)
        if flags & GRE_KEY:
            if struct.unpack("!I", outer[off:off + 4])[0] != self.key:
                return None
            off += 4
        if flags & GRE_SEQ:
            off += 4
        if self.kind == "erspan1":
            off += 8
        elif self.kind == "erspan2":
            off += 12 + (8 if outer[off + 11] & 0x01 else 0)
        return outer[off:]


def mac_of(sock, device):
    """The MAC address of DEVICE (in the namespace of SOCK)."""
    req = fcntl.ioctl(sock.fileno(), SIOCGIFHWADDR, struct.pack("256s", device.encode()))
    return req[18:24]


def main_mpls(tunnel, dev, underlay, remote_mac):
    """MPLS over Ethernet: frames to and from REMOTE_MAC on the UNDERLAY device."""
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_MPLS))
    sock.bind((underlay, ETH_P_MPLS))
    sock.setblocking(False)
    peer = bytes.fromhex(remote_mac.replace(":", ""))
    header = peer + mac_of(sock, underlay) + struct.pack("!H", ETH_P_MPLS)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([dev, sock], [], [])
        if dev in readable:
            while True:
                try:
                    inner = os.read(dev, PACKET_MAX)
                except (BlockingIOError, OSError):
                    break
                try:
                    sock.send(header + tunnel.encap(inner))
                except OSError:
                    pass  # the device is down, or the namespace going away
        if sock in readable:
            while True:
                try:
                    frame, addr = sock.recvfrom(PACKET_MAX)
                except (BlockingIOError, OSError):
                    break
                if addr[2] == PACKET_OUTGOING or frame[6:12] != peer:
                    continue
                inner = tunnel.decap(frame[14:])
                if inner:
                    try:
                        os.write(dev, inner)
                    except OSError:
                        pass  # the device is down


def main(ns, device, kind, local, remote, key="0"):
    tunnel = Tunnel(kind, key)
    enter_namespace(ns)
    dev = open_dev(device, tunnel.ethernet)
    if kind == "mpls":
        main_mpls(tunnel, dev, local, remote)
        return
    family = socket.AF_INET6 if kind in ("ip6gre", "ipip6") else socket.AF_INET
    if kind in ("geneve", "gtpu"):
        port = GENEVE_PORT if kind == "geneve" else GTPU_PORT
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.bind((local, port))
        dest = (remote, port)
    else:
        proto = {"ipip": 4, "sit": 41, "ipip6": 4}.get(kind, 47)
        sock = socket.socket(family, socket.SOCK_RAW, proto)
        sock.bind((local, 0))
        dest = (remote, 0)
    sock.setblocking(False)
    # Compared in binary: 2001:db8:0::2 is written 2001:db8::2 by recvfrom.
    peer = socket.inet_pton(family, remote)
    # An IPv4 raw socket returns the packet with its IP header, an IPv6 one without.
    strip_ip = family == socket.AF_INET and kind not in ("geneve", "gtpu")
    print("ready", flush=True)

    while True:
        readable, _, _ = select.select([dev, sock], [], [])
        if dev in readable:
            while True:
                try:
                    inner = os.read(dev, PACKET_MAX)
                except (BlockingIOError, OSError):
                    break
                try:
                    sock.sendto(tunnel.encap(inner), dest)
                except OSError:
                    pass  # no route yet, or the namespace going away
        if sock in readable:
            while True:
                try:
                    outer, src = sock.recvfrom(PACKET_MAX)
                except (BlockingIOError, OSError):
                    break
                if socket.inet_pton(family, src[0]) != peer:
                    continue
                if strip_ip:
                    outer = outer[4 * (outer[0] & 0x0F):]
                inner = tunnel.decap(outer)
                if inner:
                    try:
                        os.write(dev, inner)
                    except OSError:
                        pass  # the device is down


if __name__ == "__main__":
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    main(*sys.argv[1:])
