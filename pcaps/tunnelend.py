#!/usr/bin/env python3
"""tunnelend.py - one end of a Geneve, GRE, ERSPAN or IP-in-IP tunnel, in user space.

scenarios-tunnels.sh carries TLS connections through tunnels and captures them on the
underlay. The kernel of the machines the captures are made on has VXLAN but none of
the other tunnel drivers (no CONFIG_GENEVE, CONFIG_NET_IPGRE, CONFIG_NET_IPIP,
CONFIG_IPV6_SIT, CONFIG_IPV6_GRE), so `ip link add ... type geneve|gretap|erspan|ipip|sit`
fails there. This program does what those drivers do: it creates the inner device (TAP
for an inner Ethernet, TUN for an inner IP packet), puts every packet the kernel sends
on it behind the tunnel's headers and sends the result to the remote end with the
kernel's own UDP or raw IP socket (the kernel writes and routes the outer IP header),
and the other way round.
The headers are the ones the Linux drivers write:

  geneve   UDP to port 6081, 8-byte Geneve header (no options), inner Ethernet
  gretap   GRE with a key, protocol 0x6558 (Transparent Ethernet Bridging)
  gre      GRE with a key, protocol 0x0800 or 0x86DD, inner IP packet (no Ethernet)
  erspan1  GRE with a sequence number, protocol 0x88BE, ERSPAN type II header
  erspan2  GRE with a sequence number, protocol 0x22EB, ERSPAN type III header
  ipip     IPv4 protocol 4, inner IPv4 packet
  sit      IPv4 protocol 41, inner IPv6 packet
  ip6gre   IPv6 next header 47, GRE without key, inner IP packet

(erspan1 and erspan2 are named as iproute2's erspan_ver 1 and 2.)

Usage (as root):
    tunnelend.py NS DEV KIND LOCAL REMOTE [KEY]
KEY is the GRE key (gretap, gre), the Geneve VNI or the ERSPAN session ID. The device
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
        self.key = key
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
        return inner  # ipip, sit: the inner packet right after the outer header

    def decap(self, outer):
        """The inner packet of OUTER (without the outer IP header), or None."""
        if self.kind == "geneve":
            if len(outer) < 8 or struct.unpack("!I", outer[4:8])[0] >> 8 != self.key:
                return None
            return outer[8 + 4 * (outer[0] & 0x3F):]
        if self.kind in ("ipip", "sit"):
            return outer
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


def main(ns, device, kind, local, remote, key="0"):
    tunnel = Tunnel(kind, int(key, 0))
    enter_namespace(ns)
    dev = open_dev(device, tunnel.ethernet)
    family = socket.AF_INET6 if kind == "ip6gre" else socket.AF_INET
    if kind == "geneve":
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.bind((local, GENEVE_PORT))
        dest = (remote, GENEVE_PORT)
    else:
        proto = {"ipip": 4, "sit": 41}.get(kind, 47)
        sock = socket.socket(family, socket.SOCK_RAW, proto)
        sock.bind((local, 0))
        dest = (remote, 0)
    sock.setblocking(False)
    # Compared in binary: 2001:db8:0::2 is written 2001:db8::2 by recvfrom.
    peer = socket.inet_pton(family, remote)
    # An IPv4 raw socket returns the packet with its IP header, an IPv6 one without.
    strip_ip = family == socket.AF_INET and kind != "geneve"
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
