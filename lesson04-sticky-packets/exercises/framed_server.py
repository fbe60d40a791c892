# Exercise (lesson04, §6.2): a framed echo server. Each frame is a 4-byte length (big-endian,
# struct.pack('!i', n)) and then n bytes; send each frame back as the same frame. Check it:
#
#   java -jar lesson04-sticky-packets/target/lesson04-sticky-packets.jar check server -- python3 lesson04-sticky-packets/exercises/framed_server.py
#
# (With the course's struct.pack('i'), little-endian on x86, add --byte-order little after `check`.)
# The stages: one frame; two frames in one write; a frame split byte by byte; a UTF-8 character
# cut between writes; a 1 MiB frame; a negative length refused; a 2 GiB length refused.
import os
import socket
import struct

PORT = int(os.environ.get('PORT', '9000'))
MAX_FRAME = 16 * 1024 * 1024


def recv_exactly(conn, n):
    """Returns exactly n bytes, or None if the peer closed first."""
    # TODO stage 3: one recv(n) may return fewer than n bytes: loop until you have n
    return conn.recv(n)


sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()
while True:
    conn, addr = sk.accept()
    with conn:
        while True:
            header = recv_exactly(conn, 4)
            if not header:
                break
            n = struct.unpack('!i', header)[0]
            # TODO stages 6 and 7: refuse a negative n or one above MAX_FRAME: print why, and break (hang up)
            body = recv_exactly(conn, n)
            # TODO stage 1: send the frame back: struct.pack('!i', n) + body, with sendall
