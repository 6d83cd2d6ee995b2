#!/usr/bin/env python3
"""Writes tests/not-decoded/handmade.pcap: frames made by hand (not captured) that the
decoder leaves out, beside those it reads: a TCP SYN to port 443, 2 GRE-encapsulated
IPv4 TCP segments and 1 VXLAN frame (all decoded, the tunnels opened), then 3 frames of
an unknown ethertype (0x88b5, IEEE local experimental), 2 IPv4 fragments of one
datagram (a SYN: reassembled and decoded), the first fragment of a datagram whose rest
never comes (left out), 1 UDP datagram (DNS), 1 ARP request and 1 IPsec ESP packet (a tunnel that
cannot be opened: encrypted). Usage: python3 tests/not-decoded/make.py"""
import os
import struct

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

def ipv4(proto, payload, src='198.18.0.2', dst='198.18.1.2', ident=1, frag=0):
    a = bytes(map(int, src.split('.')))
    b = bytes(map(int, dst.split('.')))
    h = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, frag, 64, proto, 0, a, b)
    return h[:10] + struct.pack('!H', csum(h)) + h[12:] + payload

def tcp_syn(sport, dport=443):
    return struct.pack('!HHIIBBHHH', sport, dport, 1000, 0, 5 << 4, 0x02, 65535, 0, 0)

def eth(ethertype, payload):
    return b'\x02\0\0\0\0\x02' + b'\x02\0\0\0\0\x01' + struct.pack('!H', ethertype) + payload

frames = [eth(0x0800, ipv4(6, tcp_syn(40001)))]
frames += [eth(0x88b5, b'experimental %d' % i + bytes(32)) for i in range(3)]
# One 48-byte TCP segment split in two fragments: offset 0 with MF, then offset 3 (24 bytes).
seg = tcp_syn(40002) + bytes(28)
frames.append(eth(0x0800, ipv4(6, seg[:24], ident=7, frag=0x2000)))
frames.append(eth(0x0800, ipv4(6, seg[24:], ident=7, frag=3)))
# The first fragment of another datagram, whose rest never comes.
frames.append(eth(0x0800, ipv4(6, seg[:24], ident=9, frag=0x2000)))
# GRE (RFC 2784, no options) carrying IPv4 (protocol type 0x0800).
for sport in (40003, 40004):
    frames.append(eth(0x0800, ipv4(47, struct.pack('!HH', 0, 0x0800) + ipv4(6, tcp_syn(sport)),
                                   src='198.18.0.1', dst='198.18.1.1')))
# VXLAN (RFC 7348): UDP to 4789, 8-byte header, an inner Ethernet frame.
inner = eth(0x0800, ipv4(6, tcp_syn(40005)))
vx = struct.pack('!BxxxI', 0x08, 42 << 8) + inner
frames.append(eth(0x0800, ipv4(17, struct.pack('!HHHH', 50000, 4789, 8 + len(vx), 0) + vx)))
dns = bytes(12)
frames.append(eth(0x0800, ipv4(17, struct.pack('!HHHH', 53000, 53, 8 + len(dns), 0) + dns)))
frames.append(eth(0x0806, bytes(28)))
frames.append(eth(0x0800, ipv4(50, bytes(24))))

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'handmade.pcap')
with open(out, 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, fr in enumerate(frames):
        f.write(struct.pack('<IIII', 1700000000 + i, 0, len(fr), len(fr)) + fr)
