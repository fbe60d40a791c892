# A right §10.1 friends server in Python: the starter in homework/friends/exercises/friends_server.py
# with every TODO done. It passes every server stage of `check`.
#
#   python3 friends_server.py keyerror    the same with the notes' color_dict[uid]: an unknown id kills it
import json
import os
import socket
import sys

KEYERROR = sys.argv[1:] == ['keyerror']

PORT = int(os.environ.get('PORT', '9000'))
MAX_MESSAGE = 64 * 1024

color_dict = {
    '12345': {'color': '\033[31m', 'name': 'alex'},
    '12346': {'color': '\033[33m', 'name': 'sia'},
}


def object_end(buf):
    """Index just after the JSON object at the start of buf, or -1 while it is not whole."""
    depth, in_string, escaped = 0, False, False
    for i, b in enumerate(buf):
        if in_string:
            if escaped:
                escaped = False
            elif b == ord('\\'):
                escaped = True
            elif b == ord('"'):
                in_string = False
        elif b == ord('"'):
            in_string = True
        elif b in b'{[':
            depth += 1
        elif b in b'}]':
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def messages(conn):
    """Each whole message the friend sends, however recv cuts or glues them."""
    buf = b''
    while True:
        buf = buf.lstrip()
        if buf and buf[:1] != b'{':
            raise ValueError('not a JSON object')
        end = object_end(buf)
        if end > 0:
            yield json.loads(buf[:end].decode('utf-8'))
            buf = buf[end:]
            continue
        if len(buf) > MAX_MESSAGE:
            raise ValueError('a message of more than %d bytes' % MAX_MESSAGE)
        data = conn.recv(1024)
        if not data:
            return
        buf += data


def chat(conn):
    for dic_msg in messages(conn):
        uid, msg = dic_msg.get('id'), dic_msg.get('msg')
        if uid is None or not isinstance(msg, str):
            conn.sendall(b'error: a message needs "id" and "msg"')
            continue
        friend = color_dict[str(uid)] if KEYERROR else color_dict.get(str(uid))
        if friend is None:
            print('%r is not in the friends table: %r' % (uid, msg))
            conn.sendall(('I do not know who %s is' % uid).encode('utf-8'))
            continue
        if msg.upper() == 'Q':
            print('%s已经下线' % friend['name'])
            break
        print('%s%s: %s\033[0m' % (friend['color'], friend['name'], msg))
        inp = input('>>>')
        conn.sendall(inp.encode('utf-8'))
        if inp.upper() == 'Q':
            print('你已经断开和%s的聊天！' % friend['name'])
            break


sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()
print('*' * 20)
while True:
    conn, addr = sk.accept()
    with conn:
        try:
            chat(conn)
        except ValueError as e:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
            print('closing %s:%d: %s' % (addr[0], addr[1], e))
            conn.sendall(b'error: not a JSON message; closing')
        except OSError as e:  # a reset, a friend who vanished: this friend only
            print('lost %s:%d: %s' % (addr[0], addr[1], e))
