# A §10.2 upload server in Python, in homework/upload's protocol, for the checker's tests:
#   python3 upload_server.py [MISTAKE] [FOLDER]
# With no MISTAKE (or '-') it is right and passes every server stage. It prints only why it closes
# a connection (few lines: the checker's transcript shows them). A MISTAKE makes it one of
# the classic wrong servers:
#   trust-name  os.path.join(folder, name) with the client's name as it came (the classroom's)
#   countdown   the classroom's body loop: recv(1024) until the size is counted down
#   one-recv    one recv per read: recv(4) for a header, recv(n) for a message
#   no-resume   every upload starts again at offset 0
import hashlib
import json
import os
import socket
import struct
import sys

PORT = int(os.environ.get('PORT', '9000'))
MISTAKE = sys.argv[1] if len(sys.argv) > 1 else '-'
FOLDER = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else 'uploads')
MAX_MESSAGE = 64 * 1024


class OutOfStep(Exception):
    """Bytes that are not a frame: the stream is lost."""


def recv_exactly(conn, n):
    """Exactly n bytes; None if the peer closed before the first; OutOfStep if it closed inside."""
    if MISTAKE == 'one-recv':
        data = conn.recv(n)
        return data if data else None
    data = bytearray()
    while len(data) < n:
        chunk = conn.recv(min(n - len(data), 65536))
        if not chunk:
            if not data:
                return None
            raise OutOfStep('the stream ended inside a frame')
        data += chunk
    return bytes(data)


def read_message(conn):
    header = recv_exactly(conn, 4)
    if header is None:
        return None
    n = struct.unpack('!i', header)[0]
    if n < 0 or n > MAX_MESSAGE:
        raise OutOfStep('frame length %d is not 0 to %d' % (n, MAX_MESSAGE))
    body = recv_exactly(conn, n)
    if body is None:
        raise OutOfStep('the stream ended inside a frame')
    return json.loads(body.decode('utf-8'))


def send(conn, message):
    data = json.dumps(message).encode('utf-8')
    conn.sendall(struct.pack('!i', len(data)) + data)


def error(conn, text):
    send(conn, {'type': 'error', 'message': text})


def bad_name(name):
    if MISTAKE == 'trust-name':
        return None
    if not isinstance(name, str) or not name:
        return 'a file name is needed'
    if '/' in name or '\\' in name or ':' in name:
        return 'only a plain name is allowed'
    if name.startswith('.'):
        return 'no name starting with a dot'
    if any(ord(c) < 32 for c in name) or len(name.encode('utf-8')) > 200:
        return 'no control characters, at most 200 bytes'
    return None


def hash_file(path, sha):
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            sha.update(chunk)


def upload(conn, folder, message):
    """Returns False when the connection must close."""
    name, size = message.get('name'), message.get('size')
    problem = bad_name(name)
    if problem or not isinstance(size, int) or size < 0:
        error(conn, problem or 'upload needs a size of 0 or more')
        return True
    part = os.path.join(folder, '.%s.%d.part' % (name, size))
    if MISTAKE == 'trust-name':
        part = os.path.join(folder, name) + '.part'  # the classroom's os.path.join(folder, filename)
    if MISTAKE == 'no-resume' or not os.path.exists(part):
        open(part, 'wb').close()
    offset = os.path.getsize(part)
    send(conn, {'type': 'ready', 'offset': offset})
    sha = hashlib.sha256()
    hash_file(part, sha)
    with open(part, 'ab') as f:
        left = size - offset
        while left > 0:
            chunk = conn.recv(1024 if MISTAKE == 'countdown' else min(left, 65536))
            if not chunk:
                return False  # cut off: the partial is kept for a resume
            f.write(chunk)
            sha.update(chunk)
            left -= len(chunk)
    try:
        end = read_message(conn)
    except (OutOfStep, ValueError) as e:
        os.remove(part)
        error(conn, 'after the body came something that is not the end message (more or fewer bytes than announced?): %s' % e)
        return False
    if end is None:
        return False
    if end.get('type') != 'end' or end.get('sha256') != sha.hexdigest():
        os.remove(part)
        error(conn, 'SHA-256 mismatch: the partial file is deleted')
        return True
    os.replace(part, os.path.join(folder, name))
    send(conn, {'type': 'stored', 'name': name, 'size': size, 'sha256': sha.hexdigest()})
    return True


def download(conn, folder, name):
    path = os.path.join(folder, name) if not bad_name(name) else None
    if path is None or not os.path.isfile(path):
        error(conn, 'no file named %s' % name)
        return
    send(conn, {'type': 'file', 'name': name, 'size': os.path.getsize(path)})
    sha = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(65536), b''):
            sha.update(chunk)
            conn.sendall(chunk)
    send(conn, {'type': 'end', 'sha256': sha.hexdigest()})


def serve(conn, users):
    user = None
    while True:
        message = read_message(conn)
        if message is None:
            return
        kind = message.get('type')
        if kind == 'register':
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
                files = [{'name': n, 'size': os.path.getsize(os.path.join(folder, n))}
                         for n in sorted(os.listdir(folder)) if not n.startswith('.')]
                send(conn, {'type': 'files', 'files': files, 'more': False})
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
