"""The /graphql/ endpoint: JSON and multipart requests, batching, limits, Saleor-shaped errors."""

import logging
from functools import lru_cache
from typing import Any

import simplejson
from ariadne.explorer import ExplorerGraphiQL
from ariadne.file_uploads import combine_multipart_data
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from graphql import (
    ExecutionResult,
    GraphQLError,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.language import DocumentNode, OperationType

from infra.graphql import public_cache
from infra.graphql.auth import authenticate
from infra.graphql.context import RequestContext
from infra.graphql.errors import format_error
from infra.graphql.limits import depth_limit_rule, measure_cost
from infra.graphql.ratelimit import AppBudget, app_budget
from infra.graphql.schema import get_cost_map, get_schema

logger = logging.getLogger("infra.graphql")


class BadRequest(Exception):
    pass


@lru_cache(maxsize=1024)
def parse_and_validate(query: str) -> tuple[DocumentNode | None, tuple[GraphQLError, ...]]:
    """Parse and validate a query text once; the rules do not depend on variables."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return None, (error,)
    rules = [*specified_rules, depth_limit_rule(settings.GRAPHQL_QUERY_MAX_DEPTH)]
    errors = validate(get_schema(), document, rules)
    return document, tuple(errors)


@lru_cache(maxsize=1024)
def _cost_of(query: str, variables_json: str, max_cost: int) -> tuple[int, tuple]:
    document, _errors = parse_and_validate(query)
    variables = simplejson.loads(variables_json)
    cost, errors = measure_cost(
        get_schema(), document, variables, maximum_cost=max_cost, cost_map=get_cost_map()
    )
    return cost, tuple(errors)


def cached_cost(
    query: str, document: DocumentNode, variables: dict[str, Any], max_cost: int
) -> tuple[int, tuple[GraphQLError, ...]]:
    """The query's cost for these variables, measured once per (query text, variables).

    The cost depends only on the document, the variable values (first/last multipliers)
    and the schema's fixed cost map, so an identical request costs the same.
    """
    try:
        variables_json = simplejson.dumps(variables, sort_keys=True)
    except (TypeError, ValueError):  # uploads and other non-JSON values: measured each time
        cost, errors = measure_cost(
            get_schema(), document, variables, maximum_cost=max_cost, cost_map=get_cost_map()
        )
        return cost, tuple(errors)
    return _cost_of(query, variables_json, max_cost)


def _json_response(data: Any, status: int = 200) -> HttpResponse:
    body = simplejson.dumps(data, use_decimal=True, ensure_ascii=False, default=str)
    return HttpResponse(body, status=status, content_type="application/json")


def _error_response(message: str, status: int = 400) -> HttpResponse:
    return _json_response({"errors": [format_error(GraphQLError(message))]}, status=status)


@method_decorator(csrf_exempt, name="dispatch")
class GraphQLView(View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if settings.GRAPHQL_PLAYGROUND_ENABLED:
            return HttpResponse(ExplorerGraphiQL(title="Tibet Commerce GraphQL").html(None))
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            data = self._request_data(request)
        except BadRequest as exc:
            return _error_response(str(exc))
        try:
            user, app = authenticate(request)
        except GraphQLError as error:
            return _json_response({"errors": [format_error(error)]}, status=401)
        context = RequestContext(request=request, user=user, app=app)
        budget = app_budget(app)
        if isinstance(data, list):
            results = [self._execute_one(item, context, budget) for item in data]
            return _json_response([body for body, _status in results])
        body, status = self._execute_one(data, context, budget)
        response = _json_response(body, status=status)
        if status == 429 and budget is not None:
            response["Retry-After"] = str(budget.retry_after)
        return response

    def _request_data(self, request: HttpRequest) -> Any:
        content_type = request.content_type or ""
        if content_type == "multipart/form-data":
            try:
                operations = simplejson.loads(request.POST.get("operations", ""))
                files_map = simplejson.loads(request.POST.get("map", "{}"))
                return combine_multipart_data(operations, files_map, request.FILES)
            except (ValueError, TypeError, KeyError) as exc:
                raise BadRequest(f"Invalid multipart request: {exc}") from None
        try:
            # Plain floats: GraphQL Float rejects Decimal; our Decimal scalars parse floats
            # through their shortest repr, so "12.30" arrives as Decimal("12.3") exactly.
            return simplejson.loads(request.body or b"null")
        except ValueError:
            raise BadRequest("Unable to parse query.") from None

    def _execute_one(
        self, data: Any, context: RequestContext, budget: AppBudget | None = None
    ) -> tuple[dict, int]:
        body, status = self._run(data, context, budget)
        if budget is not None:
            body.setdefault("extensions", {})["rateLimit"] = budget.extensions()
        return body, status

    def _run(
        self, data: Any, context: RequestContext, budget: AppBudget | None
    ) -> tuple[dict, int]:
        if budget is not None and (limited := budget.take_request()) is not None:
            return {"errors": [format_error(limited)]}, 429
        if not isinstance(data, dict) or not isinstance(data.get("query"), str):
            return {"errors": [format_error(GraphQLError("Must provide a query string."))]}, 400
        variables = data.get("variables") or {}
        if not isinstance(variables, dict):
            return {"errors": [format_error(GraphQLError("Variables must be an object."))]}, 400
        operation_name = data.get("operationName")

        document, errors = parse_and_validate(data["query"])
        if errors:
            return {"errors": [format_error(e) for e in errors]}, 400
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return {"errors": [format_error(GraphQLError("Unknown operation named."))]}, 400
        key = public_cache.cache_key(context, operation, data["query"], variables, operation_name)
        if key is not None and (cached := public_cache.get(key)) is not None:
            return cached, 200

        schema = get_schema()
        max_cost = settings.GRAPHQL_QUERY_MAX_COMPLEXITY
        cost, cost_errors = cached_cost(data["query"], document, variables, max_cost)
        extensions = {"cost": {"requestedQueryCost": cost, "maximumAvailable": max_cost}}
        if cost_errors:
            return {"errors": [format_error(e) for e in cost_errors], "extensions": extensions}, 400
        if budget is not None and (over := budget.take_cost(cost)) is not None:
            extensions["cost"]["maximumAvailable"] = budget.cost_remaining
            return {"errors": [format_error(over)], "extensions": extensions}, 429

        if operation.operation == OperationType.SUBSCRIPTION:
            return {
                "errors": [format_error(GraphQLError("Subscriptions are not served here."))]
            }, 400

        result: ExecutionResult = execute(
            schema,
            document,
            context_value=context,
            variable_values=variables,
            operation_name=operation_name,
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            for error in result.errors:
                if error.original_error is not None and not isinstance(
                    error.original_error, GraphQLError
                ):
                    logger.error("GraphQL resolver failed", exc_info=error.original_error)
            body["errors"] = [format_error(e, debug=settings.DEBUG) for e in result.errors]
        body["extensions"] = extensions
        if key is not None and not result.errors:
            public_cache.put(key, body)
        return body, 200
