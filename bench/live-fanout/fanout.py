"""Live-update fan-out and idle connections against a running `todo serve` (bench/live-fanout.sh).

fanout API_PORT WS_PORT USERS CLIENTS_PER_USER CHANGES_PER_USER
    (API_PORT: the backend's, for registering and changes; WS_PORT: the websocket service's.)
    Registers USERS users, opens CLIENTS_PER_USER WebSockets (/ws?token=) for each, prints
    "ready" and waits for a line on stdin, then for every user in turn creates CHANGES_PER_USER tasks through the API. For each change, the
    latency of each of the user's clients is the time its message arrived minus the time the
    API's answer arrived (0 when the message came first). Prints one JSON object.
idle API_PORT WS_PORT CONNECTIONS
    Opens CONNECTIONS WebSockets of one user, prints "open" and waits for a line on stdin.
"""
import asyncio, json, sys, time, urllib.request
from websockets.asyncio.client import connect

def api(port, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())

def register(port, index):
    answer = api(port, "POST", "/api/v1/auth/register", {"email": "bench%d@example.com" % index, "password": "a long passphrase"})
    return answer["token"]

async def open_clients(ws_port, token, count):
    clients = []
    for _ in range(count):
        clients.append(await connect("ws://127.0.0.1:%d/ws?token=%s" % (ws_port, token), max_queue=None, ping_interval=None,
                                     open_timeout=60))
    return clients

async def fanout(port, ws_port, users, per_user, changes):
    loop = asyncio.get_running_loop()
    tokens = [await loop.run_in_executor(None, register, port, index) for index in range(users)]
    clients = []
    for token in tokens:
        clients.append(await open_clients(ws_port, token, per_user))
    for user_clients in clients:  # attached once a pong came back (the loop registers before reading)
        for ws in user_clients:
            await (await ws.ping())
    print("ready", flush=True)  # the script reads the server's CPU time now
    await loop.run_in_executor(None, sys.stdin.readline)
    latencies = []
    async def receive(ws, arrivals):
        arrivals.append((json.loads(await ws.recv())["sequence"], time.perf_counter()))
    start = time.perf_counter()
    for user, token in enumerate(tokens):
        for change in range(changes):
            arrivals = []
            waiters = [asyncio.create_task(receive(ws, arrivals)) for ws in clients[user]]
            await asyncio.sleep(0)  # every receiver is waiting before the change is made
            task = await loop.run_in_executor(None, api, port, "POST", "/api/v1/tasks", {"title": "change %d" % change}, token)
            answered = time.perf_counter()
            await asyncio.wait_for(asyncio.gather(*waiters), timeout=10)
            latencies += [max(0.0, arrived - answered) * 1000 for _, arrived in arrivals]
    elapsed = time.perf_counter() - start
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    print(json.dumps({"connections": users * per_user, "changes": users * changes, "deliveries": len(latencies),
                      "p50_ms": round(pick(0.50), 2), "p99_ms": round(pick(0.99), 2), "max_ms": round(latencies[-1], 2),
                      "seconds": round(elapsed, 2)}), flush=True)
    for user_clients in clients:
        for ws in user_clients:
            await ws.close()

async def idle(port, ws_port, count):
    loop = asyncio.get_running_loop()
    token = await loop.run_in_executor(None, register, port, 0)
    clients = []
    for start in range(0, count, 200):  # 200 handshakes at a time
        clients += await asyncio.gather(*[connect("ws://127.0.0.1:%d/ws?token=%s" % (ws_port, token), ping_interval=None,
                                                  open_timeout=60) for _ in range(min(200, count - start))])
    print("open %d" % len(clients), flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)

if sys.argv[1] == "fanout":
    asyncio.run(fanout(*map(int, sys.argv[2:7])))
else:
    asyncio.run(idle(*map(int, sys.argv[2:5])))
