; The file's namespace: first-party names (`namespace Acme.Wealth.Custody`). A dotted name
; nests to the left: `Acme.Wealth` is (qualified_name qualifier: Acme name: Wealth), so each
; depth is spelled out. Code that puts itself in a framework namespace, as extension methods
; do (`namespace Microsoft.Extensions.DependencyInjection`), names nothing of its own: the
; root decides. A top-level-domain root (`com`) is left alone too.
; (`#not-any-of?` does not filter in this binding: `#not-match?` does.)
([
  (namespace_declaration name: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @_root name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition) name: (identifier) @definition))
 ]
 (#not-match? @_root "^(System|Microsoft|Windows)$"))
([
  (namespace_declaration name: (identifier) @definition)
  (namespace_declaration name: (qualified_name qualifier: (identifier) @definition))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition)))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition))))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition)))))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition))))))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition)))))))
  (namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition))))))))
  (file_scoped_namespace_declaration name: (identifier) @definition)
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (identifier) @definition))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition)))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition))))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition)))))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition))))))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition)))))))
  (file_scoped_namespace_declaration name: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (qualified_name qualifier: (identifier) @definition))))))))
 ]
 (#not-match? @definition "^(System|Microsoft|Windows|com|org|net|io|edu|gov|biz|info)$"))

; Types and their members. A constructor's name is its type's: captured too, for a snippet
; that shows the constructor without the type's header. Operators and indexers have none.
(class_declaration name: (identifier) @definition)
(struct_declaration name: (identifier) @definition)
(interface_declaration name: (identifier) @definition)
(record_declaration name: (identifier) @definition)
(enum_declaration name: (identifier) @definition)
(enum_member_declaration name: (identifier) @definition)
(delegate_declaration name: (identifier) @definition)
(type_parameter name: (identifier) @definition)
(method_declaration name: (identifier) @definition)
(constructor_declaration name: (identifier) @definition)
(local_function_statement name: (identifier) @definition)
(property_declaration name: (identifier) @definition)
(event_declaration name: (identifier) @definition)

; Fields, events declared as fields, constants and locals (`using`, `fixed` and `for`
; declarations included): one declarator per name.
(variable_declarator name: (identifier) @definition)
; `this.Limit = ...`: a member, even where its declaration is not in the snippet.
(assignment_expression left: (member_access_expression expression: "this" name: (identifier) @definition))

; Parameters: of methods, constructors, primary constructors, records (their positional
; properties), delegates, indexers and lambdas. A `params` array is not wrapped in a
; parameter node.
(parameter name: (identifier) @definition)
(parameter_list name: (identifier) @definition)
(lambda_expression parameters: (implicit_parameter) @definition)

; Other locals: `catch (E ex)`, `foreach (var (isin, qty) in ...)`, `var (a, b) = ...`,
; `out var fee`, tuple elements (`(decimal Bid, decimal Ask) quote`), pattern
; bindings (`is Bond bond`, `case var (a, b)`, `{ Length: > 0 } legs`), labels.
(catch_declaration name: (identifier) @definition)
(foreach_statement left: (identifier) @definition)
(tuple_pattern name: (identifier) @definition)
(declaration_expression name: (identifier) @definition)
(tuple_element name: (identifier) @definition)
; `(Account: id, Value: total)` names a tuple's elements; in a call, `Round(x, digits: 2)`
; names the callee's parameter, a reference.
(tuple_expression (argument name: (identifier) @definition))
(declaration_pattern name: (identifier) @definition)
(recursive_pattern name: (identifier) @definition)
(parenthesized_variable_designation name: (identifier) @definition)
(labeled_statement (identifier) @definition)

; Query syntax: `from t in trades`, `let fee = ...`, `join a in accounts on ...`,
; `into grouped`.
(from_clause name: (identifier) @definition)
(let_clause . (identifier) @definition)
(join_clause (identifier) @definition . "in")
(join_into_clause (identifier) @definition)
(query_expression "into" . (identifier) @definition)

; `using System.Text;`: the platform's namespaces are the platform's.
((using_directive (qualified_name) @library) (#match? @library "^(System|Microsoft)\\b"))
((using_directive (identifier) @library) (#match? @library "^(System|Microsoft)$"))
