# Exercise (homework §10.1): the friends client. Each line typed is sent as raw UTF-8 JSON
# {"msg": line, "id": your number}, and the server's answer is printed. Fill in the TODOs,
# then check it from the repository root:
#
#   java -jar homework/friends/target/homework-friends.jar check client -- python3 homework/friends/exercises/friends_client.py
#
# The checker plays the server, and it types your client's lines at its keyboard itself.
# The stages: sends a message as JSON; prints the answer; q ends the chat; the server's q ends the chat.
import json
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))
MY_ID = '12345'  # alex in the server's table

sk = socket.socket()
sk.connect(('127.0.0.1', PORT))
while True:
    inp = input('>>>')
    # TODO stage 1: send json.dumps({'msg': inp, 'id': MY_ID}) encoded as UTF-8, with sendall
    # TODO stage 3: if inp.upper() == 'Q': print('你已经断开和server的聊天！') and break (after sending it)
    msg = sk.recv(1024).decode('utf-8')
    # TODO stage 4: if msg.upper() == 'Q' (the server ended the chat): break
    # TODO stage 2: print(msg)
sk.close()
