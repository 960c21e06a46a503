"""The newsletter benchmark's SMTP sink, run in its own process: aiosmtpd (the default) or a minimal one.

Both offer PIPELINING and count the messages they accept; on SIGTERM they print the count.
"""

import asyncio
import signal
import threading

HOST = "127.0.0.1"  # loopback only


async def minimal_session(reader, writer, counter):
    """Just enough SMTP for smtplib: greet, accept everything, count DATA."""
    writer.write(b"220 sink ESMTP\r\n")
    while line := await reader.readline():
        command = line[:4].upper()
        if command == b"EHLO":
            writer.write(b"250-sink\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SMTPUTF8\r\n")
        elif command == b"DATA":
            writer.write(b"354 go ahead\r\n")
            await writer.drain()
            await reader.readuntil(b"\r\n.\r\n")  # the whole message in one read, not line by line
            counter[0] += 1
            writer.write(b"250 ok\r\n")
        elif command == b"QUIT":
            writer.write(b"221 bye\r\n")
            await writer.drain()
            break
        else:  # HELO, MAIL, RCPT, RSET, NOOP
            writer.write(b"250 ok\r\n")
        await writer.drain()
    writer.close()


def run_minimal(port):
    counter = [0]

    async def main():
        server = await asyncio.start_server(lambda r, w: minimal_session(r, w, counter), HOST, port, limit=2**22)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        print("ready", flush=True)
        async with server:
            await stop.wait()
        print(counter[0], flush=True)

    asyncio.run(main())


class CountingHandler:
    """aiosmtpd handler: counts messages, keeps none, offers PIPELINING (aiosmtpd reads commands in order)."""

    def __init__(self):
        self.count = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def run_aiosmtpd(port):
    from aiosmtpd.controller import Controller

    handler = CountingHandler()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print("ready", flush=True)
    stop.wait()
    controller.stop()
    print(handler.count, flush=True)


def run_sink(kind, port):
    (run_aiosmtpd if kind == "aiosmtpd" else run_minimal)(port)
