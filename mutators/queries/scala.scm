; The file's packages (`package com.acme.risk`, then maybe `package var`): first-party
; names, but not a leading top-level domain (`com`), nor a segment that names a platform's
; own packages (`com.acme.scala.compat`): those reveal nothing and are the roots of imports.
((package_clause name: (package_identifier (identifier) . (identifier) @definition))
 (#not-match? @definition "^(java|javax|jakarta|kotlin|kotlinx|android|androidx|scala)$"))
((package_clause name: (package_identifier . (identifier) @definition))
 ; `#not-any-of?` does not filter in this binding: `#not-match?` does.
 (#not-match? @definition "^(com|org|net|io|edu|gov|mil|int|biz|info|co|uk|de|ch|fr|nl|be|lu|at|it|es|se|no|dk|fi|ie|us|ca|au|jp|sg|hk|eu|java|javax|jakarta|kotlin|kotlinx|android|androidx|scala)$"))
(package_object name: (identifier) @definition)

; Classes, objects, traits, enums and their cases, type members and aliases, type parameters.
(class_definition name: (identifier) @definition)
(object_definition name: (identifier) @definition)
(trait_definition name: (identifier) @definition)
(enum_definition name: (identifier) @definition)
(simple_enum_case name: (identifier) @definition)
(full_enum_case name: (identifier) @definition)
(type_definition name: (type_identifier) @definition)
(type_parameters name: (identifier) @definition)
(covariant_type_parameter name: (identifier) @definition)
(contravariant_type_parameter name: (identifier) @definition)
; `class Ledger { self: Journal => ... }`
(self_type (identifier) @definition)

; Methods, abstract ones included, and givens. `def this(...)` is an auxiliary constructor,
; not a name; pattern matching calls `unapply` by name.
((function_definition name: (identifier) @definition)
 (#not-match? @definition "^(this|unapply|unapplySeq)$"))
(function_declaration name: (identifier) @definition)
(given_definition name: (identifier) @definition)

; Fields and locals: `val`/`var` definitions and abstract declarations (`var hits, misses =
; 0` lists several), class parameters, and `this.limit = ...`.
(val_definition pattern: (identifier) @definition)
(var_definition pattern: (identifier) @definition)
(val_definition pattern: (identifiers (identifier) @definition))
(var_definition pattern: (identifiers (identifier) @definition))
(val_declaration name: (identifier) @definition)
(var_declaration name: (identifier) @definition)
(class_parameter name: (identifier) @definition)
((assignment_expression left: (field_expression value: (identifier) @_this field: (identifier) @definition))
 (#eq? @_this "this"))

; Parameters of methods and lambdas (`x => ...`, `(x: Int, y) => ...`), and the names a
; `for` generator or definition binds (`lot <- lots`, `cost = lot.qty * px`).
(parameter name: (identifier) @definition)
(binding name: (identifier) @definition)
(lambda_expression parameters: (identifier) @definition)
(enumerator . (identifier) @definition)

; Names bound by patterns: in `case`, `catch`, `val (a, b) = ...`, `for ((a, b) <- ...)`. In
; a pattern a lower-case name binds and a capitalised one refers to a constant or object
; (`case Historical =>`, `case (Zero, amount) =>`). A case class pattern's fields repeat one
; field name, and only the first would match with it: match them without.
([
  (case_clause pattern: (identifier) @definition)
  (tuple_pattern (identifier) @definition)
  (case_class_pattern (identifier) @definition)
  (infix_pattern left: (identifier) @definition)
  (infix_pattern right: (identifier) @definition)
  (capture_pattern name: (identifier) @definition)
  (typed_pattern pattern: (identifier) @definition)
 ]
 (#match? @definition "^[a-z_]"))

; Imports of the platform's packages name the platform's classes (`import scala.util.Try`).
((import_declaration) @library (#match? @library "^import\\s+(java|javax|scala)\\.[\\w.{}, =>]+$"))
