; Types (class, struct, enum and extension share class_declaration), protocols, aliases.
(class_declaration name: (type_identifier) @definition)
(protocol_declaration name: (type_identifier) @definition)
(typealias_declaration name: (type_identifier) @definition)
(associatedtype_declaration name: (type_identifier) @definition)
(type_parameter (type_identifier) @definition)
(enum_entry name: (simple_identifier) @definition)
(enum_type_parameters (simple_identifier) @definition)

; Functions, methods and their argument labels and parameters.
(function_declaration name: (simple_identifier) @definition)
(protocol_function_declaration name: (simple_identifier) @definition)
(parameter external_name: (simple_identifier) @definition)
(parameter name: (simple_identifier) @definition)
(lambda_parameter name: (simple_identifier) @definition)

; Properties, constants, variables and pattern bindings.
(property_declaration name: (pattern bound_identifier: (simple_identifier) @definition))
(protocol_property_declaration name: (pattern bound_identifier: (simple_identifier) @definition))
(for_statement item: (pattern (simple_identifier) @definition))
(for_statement item: (pattern (pattern (simple_identifier) @definition)))
(if_statement bound_identifier: (simple_identifier) @definition)
(guard_statement bound_identifier: (simple_identifier) @definition)

; `import Foundation`: a module's name is the module's.
(import_declaration (identifier (simple_identifier) @library))

; Names a pattern binds (`case .function(let function)`, `case let .pair(a, b)`,
; `if case .some(let v) = y`).
(pattern bound_identifier: (simple_identifier) @definition)
(switch_pattern (pattern (value_binding_pattern) (pattern (simple_identifier) @definition)))
