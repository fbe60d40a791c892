# Exercise (homework §10.1): the friends server. A friend sends raw UTF-8 JSON
# {"msg": ..., "id": ...} with no framing; print "name: msg" in the friend's colour and answer
# with the line typed at the keyboard. Fill in the TODOs, then check it from the repository root:
#
#   java -jar homework/friends/target/homework-friends.jar check server -- python3 homework/friends/exercises/friends_server.py
#
# The checker is the friend, and it types your server's answers at its keyboard itself.
# The stages: a message and its answer; q, then the next friend; two messages in one write;
# a message cut in two; an unknown id is answered; a first message under 4 bytes; garbage ends
# that friend only.
import json
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))
MAX_MESSAGE = 64 * 1024

color_dict = {
    '12345': {'color': '\033[31m', 'name': 'alex'},
    '12346': {'color': '\033[33m', 'name': 'sia'},
}


def object_end(buf):
    """Index just after the JSON object at the start of buf (bytes), or -1 while it is not whole.
    It works on UTF-8 bytes: the bytes of { } " and \\ never occur inside a multi-byte character."""
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
    while True:
        # TODO stages 3 and 4: one recv may hold two messages, or half of one (even half a character).
        #      Keep a buffer (buf += data); yield json.loads of buf[:end] only when object_end(buf) finds
        #      an end, and keep buf[end:] for the next. Raise ValueError past MAX_MESSAGE bytes.
        # TODO stage 7: a buffer that does not start with { (after spaces) is garbage: raise ValueError
        data = conn.recv(1024)
        if not data:
            return
        yield json.loads(data.decode('utf-8'))


def chat(conn):
    for dic_msg in messages(conn):
        uid, msg = dic_msg.get('id'), dic_msg.get('msg')
        # TODO stage 6: without an id or a msg, conn.sendall(b'error: a message needs "id" and "msg"') and continue
        friend = color_dict.get(str(uid))
        # TODO stage 5: an id not in color_dict: send 'I do not know who %s is' % uid and continue
        # TODO stage 2: if msg.upper() == 'Q': print('%s已经下线' % friend['name']) and break
        # TODO stage 1: print('%s%s: %s\033[0m' % (friend['color'], friend['name'], msg)),
        #               then inp = input('>>>') and conn.sendall(inp.encode('utf-8'))


sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()
print('*' * 20)
# TODO stage 2: an outer loop (while True:), so the next friend is served after this one
conn, addr = sk.accept()
with conn:
    # TODO stage 7: catch ValueError here (json.JSONDecodeError is one): print it, and go on to the next friend
    chat(conn)
sk.close()
