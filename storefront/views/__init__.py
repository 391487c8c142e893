"""Plain Django views of the storefront (endpoints that are not GraphQL)."""
