#!/usr/bin/env python3
"""A browser's view of a WebSocket route, with nothing but the standard library: upgrades
PATH (a browser cannot set Authorization, so any token travels in the query), then prints
the first text message as `text <message>` or the close as `close <code> <reason>`, waiting
at most SECONDS seconds. Usage: websocket-probe.py HOST PORT PATH SECONDS"""
import base64, os, socket, struct, sys, time

host, port, path, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
connection = socket.create_connection((host, port), timeout=seconds)
key = base64.b64encode(os.urandom(16)).decode()
connection.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://{host}\r\n\r\n").encode())
buffer = b""
while b"\r\n\r\n" not in buffer:
    buffer += connection.recv(4096)
head, buffer = buffer.split(b"\r\n\r\n", 1)
print("status", head.split(b" ")[1].decode(), flush=True)


def read(count):
    global buffer
    while len(buffer) < count:
        chunk = connection.recv(65536)
        if not chunk:
            raise EOFError
        buffer += chunk
    data, buffer = buffer[:count], buffer[count:]
    return data


deadline = time.time() + seconds
message = b""
try:
    while time.time() < deadline:
        first, second = read(2)
        opcode, length = first & 0x0F, second & 0x7F
        if length == 126:
            length = struct.unpack(">H", read(2))[0]
        elif length == 127:
            length = struct.unpack(">Q", read(8))[0]
        payload = read(length)
        if opcode == 8:
            code = struct.unpack(">H", payload[:2])[0] if len(payload) >= 2 else 1005
            print("close", code, payload[2:].decode(errors="replace"), flush=True)
            break
        if opcode in (1, 0):
            message += payload
            if first & 0x80:
                print("text", message.decode(errors="replace"), flush=True)
                break
except (EOFError, socket.timeout):
    pass
