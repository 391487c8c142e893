"""Depth and cost limits that reject an abusive query before any resolver runs.

Depth is a property of the document alone, so it is checked once per distinct query text and
cached with the rest of validation. Cost depends on `first`/`last` variables, so it is computed
for every request, with Saleor's cost map semantics and messages (ariadne's cost validator).
"""

from typing import Any

from ariadne.validation.query_cost import CostValidator
from graphql import GraphQLError, GraphQLSchema, validate
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.validation import ASTValidationRule, ValidationContext


def _depth(selection_set: SelectionSetNode | None, fragments: dict, seen: frozenset) -> int:
    if selection_set is None:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value.startswith("__"):
                continue  # introspection is bounded by the schema itself
            deepest = max(deepest, 1 + _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, seen))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            deepest = max(deepest, _depth(fragments[name].selection_set, fragments, seen | {name}))
    return deepest


def depth_limit_rule(max_depth: int) -> type[ASTValidationRule]:
    class DepthLimit(ASTValidationRule):
        def enter_document(self, node: DocumentNode, *_args) -> None:
            fragments = {
                d.name.value: d
                for d in node.definitions
                if not isinstance(d, OperationDefinitionNode)
            }
            for definition in node.definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                depth = _depth(definition.selection_set, fragments, frozenset())
                if depth > max_depth:
                    name = definition.name.value if definition.name else "anonymous"
                    self.report_error(
                        GraphQLError(
                            f"The query exceeds the maximum depth of {max_depth}. "
                            f"Operation '{name}' has depth {depth}.",
                            definition,
                            extensions={"exception": {"code": "QueryDepthError"}},
                        )
                    )

    return DepthLimit


def measure_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any] | None,
    *,
    maximum_cost: int,
    cost_map: dict[str, dict[str, Any]],
) -> tuple[int, list[GraphQLError]]:
    """Return the query's cost and, when it is over `maximum_cost`, the error to report."""
    measured: dict[str, int] = {"cost": 0}

    class MeasuringCostValidator(CostValidator):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(
                context,
                maximum_cost=maximum_cost,
                default_cost=1,
                variables=variables,
                cost_map=cost_map,
            )

        def leave_operation_definition(self, *args):
            measured["cost"] = self.cost
            super().leave_operation_definition(*args)

        def get_cost_exceeded_error(self) -> GraphQLError:
            error = super().get_cost_exceeded_error()
            error.extensions = {**(error.extensions or {}), "exception": {"code": "QueryCostError"}}
            return error

    errors = validate(schema, document, [MeasuringCostValidator])
    return measured["cost"], errors
