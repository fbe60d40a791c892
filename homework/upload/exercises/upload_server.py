# Exercise (homework/upload, §10.2 item 4): a file upload server in the upload's protocol
# (homework/upload/README.md, "The protocol"): every message is a JSON object in a frame
# (struct.pack('!i', len(data)) + data), and a file's body goes raw between "ready" and "end".
# Check it from the repository root:
#
#   java -jar homework/upload/target/homework-upload.jar check server -- python3 homework/upload/exercises/upload_server.py
#
# Each TODO names the stage that checks it (`check --list` prints them). Files go to
# FOLDER/files/USER/ (FOLDER: the first argument, upload-data by default).
import hashlib
import json
import os
import socket
import struct
import sys

PORT = int(os.environ.get('PORT', '9000'))
FOLDER = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else 'upload-data')
MAX_MESSAGE = 64 * 1024


def recv_exactly(conn, n):
    """Exactly n bytes, or None if the peer closed first."""
    # TODO stage 5: one recv may return fewer than n bytes (even 1): loop until you have n
    data = conn.recv(n)
    return data if data else None


def read_message(conn):
    """The next message (a dict), or None at the end of the stream; ValueError for bytes that are no frame."""
    header = recv_exactly(conn, 4)
    if header is None:
        return None
    n = struct.unpack('!i', header)[0]
    if n < 0 or n > MAX_MESSAGE:
        raise ValueError('frame length %d is not 0 to %d' % (n, MAX_MESSAGE))
    return json.loads(recv_exactly(conn, n).decode('utf-8'))


def send(conn, message):
    data = json.dumps(message).encode('utf-8')
    conn.sendall(struct.pack('!i', len(data)) + data)


def error(conn, text):
    send(conn, {'type': 'error', 'message': text})


def bad_name(name):
    """Why a file name is refused, or None for a plain name."""
    if not isinstance(name, str) or not name:
        return 'a file name is needed'
    # TODO stages 6 and 7: refuse a name with '/', '\\' or ':', one starting with a dot ('..' too)
    #                      and control characters: os.path.join(FOLDER, '/tmp/x') is '/tmp/x'
    return None


def upload(conn, folder, message):
    """{"type":"upload","name","size"}: ready, the body, the end. Returns False when the connection must close."""
    name, size = message.get('name'), message.get('size')
    problem = bad_name(name)
    if problem or not isinstance(size, int) or size < 0:
        error(conn, problem or 'upload needs a size of 0 or more')
        return True
    part = os.path.join(folder, '.%s.%d.part' % (name, size))  # the body goes here, never under its name
    # TODO stage 10: if the partial exists (a cut upload), answer its size as the offset, hash its
    #                bytes first, and append to it ('ab') instead of starting again
    offset = 0
    send(conn, {'type': 'ready', 'offset': offset})
    sha = hashlib.sha256()
    with open(part, 'wb') as f:
        left = size - offset
        # TODO stage 2: while left > 0: chunk = conn.recv(min(left, 65536)) (never recv(1024): the end
        #               message is right behind the body), f.write(chunk), sha.update(chunk), left -= len(chunk)
        # TODO stage 10: a recv that returns b'' means the client is gone: keep the partial, return False
    # TODO stage 9: a body shorter than announced makes the end message's first bytes part of the body,
    #               and what follows is no frame (read_message raises ValueError): answer an error,
    #               os.remove(part), return False
    end = read_message(conn)
    if end is None:
        return False
    # TODO stage 8: if end.get('sha256') is not sha.hexdigest(): os.remove(part), answer an error, return True
    os.replace(part, os.path.join(folder, name))  # atomic: the name shows only a whole file
    send(conn, {'type': 'stored', 'name': name, 'size': size, 'sha256': sha.hexdigest()})
    return True


def download(conn, folder, name):
    """{"type":"download","name"}: file, the body, end."""
    # TODO stage 4: refuse a bad_name or a missing file with an error; else send
    #               {"type":"file","name","size"}, the file's bytes (sendall), {"type":"end","sha256"}
    error(conn, 'download is not written yet')


def list_files(conn, folder):
    """{"type":"list"}: the stored files (not the partial ones, which start with a dot)."""
    # TODO stage 3: send {"type":"files","files":[{"name":..., "size":...}, ...],"more":False}
    error(conn, 'list is not written yet')


def serve(conn, users):
    user = None
    while True:
        message = read_message(conn)
        if message is None:
            return
        kind = message.get('type')
        if kind == 'register':  # stage 1 (a real server keeps salted hashes: lesson06)
            if message.get('user') in users:
                error(conn, 'the name is taken')
            else:
                users[message.get('user')] = message.get('password')
                send(conn, {'type': 'ok', 'message': 'registered'})
        elif kind == 'login':
            if users.get(message.get('user')) == message.get('password'):
                user = message.get('user')
                send(conn, {'type': 'ok', 'message': 'welcome ' + user})
            else:
                error(conn, 'wrong user name or password')
        elif user is None:
            error(conn, 'log in first')
        else:
            folder = os.path.join(FOLDER, 'files', user)
            os.makedirs(folder, exist_ok=True)
            if kind == 'upload':
                if not upload(conn, folder, message):
                    return
            elif kind == 'download':
                download(conn, folder, message.get('name'))
            elif kind == 'list':
                list_files(conn, folder)
            else:
                error(conn, 'unknown type: %s' % kind)


sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()
users = {}
while True:
    conn, addr = sk.accept()
    with conn:
        try:
            serve(conn, users)
        except Exception as e:
            print('closing: %s' % e)
