# Runs one of the course's Python programs unchanged, on the test's port instead of 9000.
#
#   python3 -u course_shim.py SCRIPT.py     with COURSE_PORT in the environment
#
# The course's programs hard-code ('127.0.0.1', 9000). Tests never use a fixed port, so
# this shim moves port 9000 to COURSE_PORT (0 for a server: the kernel picks a free one)
# and reports on standard error as "COURSE-SHIM bound PORT" when a server is ready: a TCP
# socket after listen() (not after bind(): a connect in between would be refused), a UDP
# socket after bind(). So the test knows where the Python server waits, and that it does.
# Nothing else in the program is touched.
import os
import runpy
import socket
import sys

PORT = int(os.environ.get("COURSE_PORT", "0"))


def _moved(address):
    if isinstance(address, tuple) and len(address) >= 2 and address[1] == 9000:
        return (address[0], PORT) + tuple(address[2:])
    return address


_bind = socket.socket.bind
_listen = socket.socket.listen
_connect = socket.socket.connect
_sendto = socket.socket.sendto


def _ready(sock):
    print("COURSE-SHIM bound %d" % sock.getsockname()[1], file=sys.stderr, flush=True)


def bind(self, address):
    _bind(self, _moved(address))
    if self.type == socket.SOCK_DGRAM:
        _ready(self)  # UDP: ready to receive once bound


def listen(self, *backlog):
    _listen(self, *backlog)
    _ready(self)  # TCP: connects succeed from here on


def connect(self, address):
    _connect(self, _moved(address))


def sendto(self, data, *rest):
    rest = list(rest)
    rest[-1] = _moved(rest[-1])
    return _sendto(self, data, *rest)


socket.socket.bind = bind
socket.socket.listen = listen
socket.socket.connect = connect
socket.socket.sendto = sendto

script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
