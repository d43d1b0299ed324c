; The file's package: first-party names, but not a leading top-level domain (`com`).
((package_clause name: (package_identifier (identifier) @definition))
 ; (#not-any-of? does not filter in this binding: #not-match? does.)
 (#not-match? @definition "^(com|org|net|io|edu|gov|mil|int|uk|de|ch|fr|nl|co|us|eu|jp)$"))

; Types, objects and their members.
(class_definition name: (identifier) @definition)
(object_definition name: (identifier) @definition)
(trait_definition name: (identifier) @definition)
(enum_definition name: (identifier) @definition)
(simple_enum_case name: (identifier) @definition)
(full_enum_case name: (identifier) @definition)
(type_definition name: (type_identifier) @definition)
(type_parameters name: (identifier) @definition)
(function_definition name: (identifier) @definition)
(function_declaration name: (identifier) @definition)
(given_definition name: (identifier) @definition)
(class_parameter name: (identifier) @definition)

; Values, variables, parameters and pattern bindings.
(val_definition pattern: (identifier) @definition)
(var_definition pattern: (identifier) @definition)
(val_declaration name: (identifier) @definition)
(var_declaration name: (identifier) @definition)
(parameter name: (identifier) @definition)
(binding name: (identifier) @definition)
(lambda_expression parameters: (identifier) @definition)
(tuple_pattern (identifier) @definition)
(enumerator . (identifier) @definition)
(case_class_pattern pattern: (identifier) @definition)
; `case total =>` binds a name; `case Historical =>` refers to an object.
((case_clause pattern: (identifier) @definition) (#match? @definition "^[a-z_]"))
