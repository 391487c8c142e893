"""A sample partner client: what a partner province's shop does with its app token.

It lists the products of its channel, subscribes a webhook to ORDER_CREATED (a small HTTP
receiver on this machine), places an order for one of its customers through the ordinary
checkout mutations (paid later, at the monthly settlement) with the partner's own customer
reference in metadata, then waits for the webhook and verifies its `Saleor-Signature` against
the keys published at /.well-known/jwks.json.

    python tools/partner_client.py --api http://127.0.0.1:8000/graphql/ \\
        --token "$PARTNER_APP_TOKEN" --channel jiangsu-partner

Only the standard library and PyJWT (with its crypto extra). Exit status 0 when the order was
placed and a correctly signed webhook for it arrived; otherwise a message and status 1.
"""

import argparse
import json
import queue
import sys
import threading
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, urlunsplit

import jwt
from jwt.algorithms import RSAAlgorithm

PAY_LATER = "tibet.payments.pay-later"
ADDRESS = {
    "firstName": "明",
    "lastName": "王",
    "streetAddress1": "中山北路 1 号",
    "city": "南京市",
    "cityArea": "鼓楼区",
    "countryArea": "江苏省",
    "postalCode": "210008",
    "country": "CN",
    "phone": "13900139000",
}
SUBSCRIPTION = """
subscription {
  event {
    ... on OrderCreated {
      order {
        id number channel { slug } metadata { key value }
        total { gross { amount currency } }
      }
    }
  }
}
"""
PRODUCTS = """
query($channel: String!) {
  products(channel: $channel, first: 20) {
    edges { node { name bookingUnit variants { id sku quantityAvailable
      pricing { price { gross { amount currency } } } } } }
  }
}
"""
WEBHOOK_CREATE = """
mutation($input: WebhookCreateInput!) {
  webhookCreate(input: $input) { webhook { id } errors { field code message } }
}
"""
CHECKOUT_CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id shippingMethods { id name } totalPrice { gross { amount } } }
    errors { field code message }
  }
}
"""
DELIVERY = """
mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { errors { field code message } }
}
"""
PAY = """
mutation($id: ID!, $gateway: PaymentGatewayToInitialize!) {
  transactionInitialize(id: $id, paymentGateway: $gateway) {
    transaction { id } errors { field code message }
  }
}
"""
COMPLETE = """
mutation($id: ID!, $metadata: [MetadataInput!]) {
  checkoutComplete(id: $id, metadata: $metadata) {
    order { id number metadata { key value } }
    errors { field code message }
  }
}
"""


class ClientError(RuntimeError):
    pass


class GraphQL:
    def __init__(self, url: str, token: str):
        self.url, self.token = url, token

    def __call__(self, query: str, **variables) -> dict:
        request = urllib.request.Request(  # noqa: S310 - the partner's own API URL
            self.url,
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our API
            body = json.loads(response.read())
        if body.get("errors"):
            raise ClientError(f"GraphQL errors: {body['errors']}")
        return body["data"]


def _mutation(result: dict, name: str) -> dict:
    payload = result[name]
    if payload["errors"]:
        raise ClientError(f"{name}: {payload['errors']}")
    return payload


def receiver() -> tuple[ThreadingHTTPServer, queue.Queue]:
    """An HTTP server on 127.0.0.1 that answers 200 and hands over each request."""
    received: queue.Queue = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.put((dict(self.headers), body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *_args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def jwks_url(api_url: str) -> str:
    parts = urlsplit(api_url)
    return urlunsplit((parts.scheme, parts.netloc, "/.well-known/jwks.json", "", ""))


def signature_verify(headers: dict, body: bytes, api_url: str) -> dict:
    """The payload, if `Saleor-Signature` is a valid detached JWS over `body` by a published
    key; ClientError otherwise."""
    signature = headers.get("Saleor-Signature") or headers.get("saleor-signature")
    if not signature:
        raise ClientError("the webhook carries no Saleor-Signature header")
    with urllib.request.urlopen(jwks_url(api_url), timeout=30) as response:  # noqa: S310
        keys = json.loads(response.read())["keys"]
    kid = jwt.get_unverified_header(signature).get("kid")
    jwk = next((key for key in keys if key.get("kid") == kid), None)
    if jwk is None:
        raise ClientError(f"no published key has kid {kid!r}")
    try:
        jwt.api_jws.decode(
            signature,
            RSAAlgorithm.from_jwk(json.dumps(jwk)),
            algorithms=["RS256"],
            detached_payload=body,
        )
    except jwt.InvalidSignatureError as error:
        raise ClientError(f"the webhook signature does not verify: {error}") from None
    return json.loads(body)


def run(api: str, token: str, channel: str, timeout: float = 30.0, out=sys.stdout) -> dict:
    call = GraphQL(api, token)
    server, received = receiver()
    try:
        _mutation(
            call(
                WEBHOOK_CREATE,
                input={
                    "name": "sample partner client",
                    "targetUrl": f"http://127.0.0.1:{server.server_address[1]}/",
                    "asyncEvents": ["ORDER_CREATED"],
                    "query": SUBSCRIPTION,
                    "isActive": True,
                },
            ),
            "webhookCreate",
        )
        products = call(PRODUCTS, channel=channel)["products"]["edges"]
        variants = [
            (edge["node"]["name"], variant)
            for edge in products
            for variant in edge["node"]["variants"]
            # Tours are booked by date (bookingUnit, our extension): this client buys goods.
            if not edge["node"]["bookingUnit"]
            and variant["pricing"]
            and (variant["quantityAvailable"] or 0) > 0
        ]
        out.write(f"{len(products)} products in {channel}\n")
        for name, variant in variants[:5]:
            price = variant["pricing"]["price"]["gross"]
            out.write(f"  {name} {variant['sku']}: {price['amount']} {price['currency']}\n")
        if not variants:
            raise ClientError(f"nothing to buy in {channel}")
        checkout = _mutation(
            call(
                CHECKOUT_CREATE,
                input={
                    "channel": channel,
                    "email": "customer@partner.example.com",
                    "lines": [{"variantId": variants[0][1]["id"], "quantity": 1}],
                    "shippingAddress": ADDRESS,
                    "billingAddress": ADDRESS,
                },
            ),
            "checkoutCreate",
        )["checkout"]
        if checkout["shippingMethods"]:
            _mutation(
                call(DELIVERY, id=checkout["id"], method=checkout["shippingMethods"][0]["id"]),
                "checkoutDeliveryMethodUpdate",
            )
        _mutation(call(PAY, id=checkout["id"], gateway={"id": PAY_LATER}), "transactionInitialize")
        reference = f"JS-{uuid.uuid4().hex[:10]}"
        order = _mutation(
            call(
                COMPLETE,
                id=checkout["id"],
                metadata=[{"key": "partner_customer_ref", "value": reference}],
            ),
            "checkoutComplete",
        )["order"]
        out.write(f"order #{order['number']} placed for customer {reference}\n")
        try:
            headers, body = received.get(timeout=timeout)
        except queue.Empty:
            raise ClientError(f"no webhook within {timeout:.0f} s") from None
        payload = signature_verify(headers, body, api)
        if payload.get("order", {}).get("id") != order["id"]:
            raise ClientError(f"the webhook is about another order: {payload}")
        out.write(f"webhook {headers.get('Saleor-Event')} for #{order['number']}: signature ok\n")
        return {"order": order, "reference": reference, "webhook": payload}
    finally:
        server.shutdown()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", default="http://127.0.0.1:8000/graphql/")
    parser.add_argument("--token", required=True, help="the partner app's token")
    parser.add_argument("--channel", default="jiangsu-partner")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait")
    args = parser.parse_args(argv)
    try:
        run(args.api, args.token, args.channel, args.timeout)
    except ClientError as error:
        sys.stderr.write(f"partner client: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
