(class_definition name: (identifier) @definition)
(function_definition name: (identifier) @definition)
(parameters (identifier) @definition)
(default_parameter name: (identifier) @definition)
(typed_parameter (identifier) @definition)
(typed_default_parameter name: (identifier) @definition)
(list_splat_pattern (identifier) @definition)
(dictionary_splat_pattern (identifier) @definition)
(lambda_parameters (identifier) @definition)
(assignment left: (identifier) @definition)
(assignment left: (attribute attribute: (identifier) @definition))
(assignment left: (pattern_list (identifier) @definition))
(assignment left: (tuple_pattern (identifier) @definition))
(augmented_assignment left: (identifier) @definition)
(for_statement left: (identifier) @definition)
(for_statement left: (pattern_list (identifier) @definition))
(for_in_clause left: (identifier) @definition)
(with_item value: (as_pattern alias: (as_pattern_target (identifier) @definition)))
(except_clause (as_pattern alias: (as_pattern_target (identifier) @definition)))
(named_expression name: (identifier) @definition)
(global_statement (identifier) @definition)
; A relative import names first-party code: its module and the names it takes.
(relative_import (dotted_name (identifier) @definition))
(import_from_statement module_name: (relative_import) name: (dotted_name (identifier) @definition))
(import_from_statement module_name: (relative_import) name: (aliased_import name: (dotted_name (identifier) @definition)))

; What a module import binds (`import os`, `import numpy as np`): a library's unless the
; request defines it, and then a member reached through it (`os.environ`, `np.array`,
; `os.path.join`) is the library's too. `from acme import ledger` is no such root: it
; names first-party code as often as a library's.
(import_statement name: (dotted_name . (identifier) @import))
(import_statement name: (aliased_import alias: (identifier) @import))
(attribute object: (identifier) @qualifier attribute: (identifier) @member)
(attribute object: (attribute attribute: (identifier) @qualifier) attribute: (identifier) @member)
; The module a plain import names is a library's (`import zlib` beside `zlib = None`).
(import_statement name: (dotted_name) @library)
(import_statement name: (aliased_import name: (dotted_name) @library))
