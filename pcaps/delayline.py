#!/usr/bin/env python3
"""delayline.py - Ethernet links with a fixed one-way latency between network namespaces.

make-captures.sh joins its namespaces with these links instead of bare veth pairs, so
that the captures show a real round trip: the client's link to the router is a long
one (a WAN), the router's link to the server a short one (a data centre). From the
TCP handshake's timing alone the analyzer can then tell where a capture was taken:
at the client the SYN-ACK comes one round trip after the SYN and the ACK follows at
once; at the server it is the other way round.

The kernel of the machines the captures are made on has no netem (and no fq) qdisc,
hence a program: each link is a pair of TAP devices, one in each namespace, and the
frames read from one are written to the other DELAY milliseconds later, in order.

Usage (as root):
    delayline.py NS_A:DEV_A:NS_B:DEV_B:DELAY_MS [LINK...]
It creates the devices (down, with the kernel's random MAC addresses: the caller sets
them up), prints "ready" on standard output, and forwards until it is killed; the
devices disappear with it.
"""

import collections
import ctypes
import fcntl
import os
import select
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
FRAME_MAX = 65536

libc = ctypes.CDLL(None, use_errno=True)


def enter_namespace(name):
    """Make NAME the network namespace of this process (for the devices opened next)."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {name}: {os.strerror(err)}")
    finally:
        os.close(fd)


def open_tap(namespace, device):
    enter_namespace(namespace)
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", device.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def main(specs):
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    # For each TAP device: the device it forwards to and the one-way delay in seconds.
    forward = {}
    for spec in specs:
        ns_a, dev_a, ns_b, dev_b, delay_ms = spec.split(":")
        fd_a = open_tap(ns_a, dev_a)
        fd_b = open_tap(ns_b, dev_b)
        forward[fd_a] = (fd_b, float(delay_ms) / 1000.0)
        forward[fd_b] = (fd_a, float(delay_ms) / 1000.0)
    libc.setns(home, CLONE_NEWNET)
    print("ready", flush=True)

    # One queue per direction: the delay is constant, so the frames leave in the order
    # they came and a FIFO of (due time, frame) is all the scheduling needed.
    queues = {fd: collections.deque() for fd in forward}
    while True:
        now = time.monotonic()
        timeout = None
        for src, queue in queues.items():
            dst = forward[src][0]
            while queue and queue[0][0] <= now:
                _, frame = queue.popleft()
                try:
                    os.write(dst, frame)
                except BlockingIOError:
                    pass  # a full device queue drops the frame, as a wire would
                except OSError:
                    pass  # the device is down (namespace going away)
            if queue:
                wait = queue[0][0] - now
                timeout = wait if timeout is None else min(timeout, wait)
        readable, _, _ = select.select(list(forward), [], [], timeout)
        now = time.monotonic()
        for src in readable:
            while True:
                try:
                    frame = os.read(src, FRAME_MAX)
                except (BlockingIOError, OSError):
                    break
                queues[src].append((now + forward[src][1], frame))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
