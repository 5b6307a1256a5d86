# Interop server for wsnova tests: python `websockets` (an independent, non-Java implementation) echoing every
# message with permessage-deflate on 127.0.0.1, port chosen at run time. Prints {"port":N} on stdout once
# listening; exits when stdin closes.
# Usage: python3 deflate_echo_server.py [--no-context]
#   --no-context   accept with server_no_context_takeover and client_no_context_takeover
import asyncio
import json
import sys

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def echo(websocket, *args):
    async for message in websocket:
        await websocket.send(message)


async def main():
    no_context = "--no-context" in sys.argv[1:]
    factory = ServerPerMessageDeflateFactory(
        server_no_context_takeover=no_context,
        client_no_context_takeover=no_context,
        compress_settings={"memLevel": 8},
    )
    async with websockets.serve(echo, "127.0.0.1", 0, extensions=[factory], compression=None,
                                max_size=64 * 1024 * 1024) as server:
        port = server.sockets[0].getsockname()[1]
        sys.stdout.write(json.dumps({"port": port}) + "\n")
        sys.stdout.flush()
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, sys.stdin.read)


asyncio.run(main())
