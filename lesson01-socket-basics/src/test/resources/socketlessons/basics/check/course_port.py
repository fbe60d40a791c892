# Runs one of the course's Python programs unchanged where `check` tells a program its port:
#
#   python3 course_port.py SCRIPT.py ARGS...      with PORT in the environment
#
# The course's programs hard-code ('127.0.0.1', 9000); a student's program reads PORT. This
# moves the course's port 9000 to PORT (bind, connect, sendto) and touches nothing else, so the
# checker's tests can run the course's own programs as if a student had written them.
import os
import runpy
import socket
import sys

PORT = int(os.environ["PORT"])


def _moved(address):
    if isinstance(address, tuple) and len(address) >= 2 and address[1] == 9000:
        return (address[0], PORT) + tuple(address[2:])
    return address


_bind = socket.socket.bind
_connect = socket.socket.connect
_sendto = socket.socket.sendto


def bind(self, address):
    _bind(self, _moved(address))


def connect(self, address):
    _connect(self, _moved(address))


def sendto(self, data, *rest):
    rest = list(rest)
    rest[-1] = _moved(rest[-1])
    return _sendto(self, data, *rest)


socket.socket.bind = bind
socket.socket.connect = connect
socket.socket.sendto = sendto

script = sys.argv[1]
sys.argv = sys.argv[1:]
runpy.run_path(script, run_name="__main__")
