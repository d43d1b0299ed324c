; The file's namespace (`namespace Acme\Insurance`), types, functions, methods, constants.
(namespace_definition name: (namespace_name (name) @definition))
(class_declaration name: (name) @definition)
(interface_declaration name: (name) @definition)
(trait_declaration name: (name) @definition)
(enum_declaration name: (name) @definition)
(enum_case name: (name) @definition)
(function_definition name: (name) @definition)
(method_declaration name: (name) @definition)
(const_element (name) @definition)

; Properties (promoted constructor parameters included) and parameters.
(property_element name: (variable_name (name) @definition))
(property_promotion_parameter name: (variable_name (name) @definition))
(simple_parameter name: (variable_name (name) @definition))
(variadic_parameter name: (variable_name (name) @definition))

; Variables assigned here (never `$this`), loop variables, caught exceptions, closure `use`.
((assignment_expression left: (variable_name (name) @definition)) (#not-match? @definition "^this$"))
((augmented_assignment_expression left: (variable_name (name) @definition)) (#not-match? @definition "^this$"))
; `foreach ($items as $item)`: the first child is the collection, a use.
(foreach_statement (_) . (variable_name (name) @definition))
(foreach_statement (pair (variable_name (name) @definition)))
(foreach_statement (pair (variable_name (name)) (variable_name (name) @definition)))
(list_literal (variable_name (name) @definition))
(catch_clause name: (variable_name (name) @definition))
(anonymous_function_use_clause (variable_name (name) @definition))
(global_declaration (variable_name (name) @definition))
(static_variable_declaration name: (variable_name (name) @definition))
