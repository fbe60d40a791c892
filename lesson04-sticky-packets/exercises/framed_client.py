# Exercise (lesson04, §6.2): a framed echo client. Send each line typed as one frame (a 4-byte
# big-endian length, struct.pack('!i', n), then the n bytes), print each echo, quit on q. Check it:
#
#   java -jar lesson04-sticky-packets/target/lesson04-sticky-packets.jar check client -- python3 lesson04-sticky-packets/exercises/framed_client.py
#
# (With the course's struct.pack('i'), little-endian on x86, add --byte-order little after `check`.)
# The stages: sends a line as one frame; prints the echo; an echo split byte by byte; two echoes
# in one write; q quits and hangs up.
import os
import socket
import struct
import sys

PORT = int(os.environ.get('PORT', '9000'))


def recv_exactly(sk, n):
    """Returns exactly n bytes; raises ConnectionError if the server closed first."""
    # TODO stage 3: one recv(n) may return fewer than n bytes: loop until you have n
    return sk.recv(n)


sk = socket.socket()
sk.connect(('127.0.0.1', PORT))
for line in sys.stdin:
    line = line.rstrip('\n')
    # TODO stage 5: q quits: break before anything is sent
    body = line.encode('utf-8')
    # TODO stage 1: send the frame: struct.pack('!i', len(body)) + body, with sendall
    # TODO stage 2: read the echo: 4 bytes, unpack n, then n bytes; print them decoded
# TODO stage 5: close the socket (or use a with block)
