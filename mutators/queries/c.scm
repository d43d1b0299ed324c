; A `declarator` field only ever holds what is being declared, at any depth of pointer,
; array, function and init declarators: variables, parameters, functions, fields, typedefs.
(_ declarator: (identifier) @definition)
(_ declarator: (field_identifier) @definition @field)
(_ declarator: (type_identifier) @definition)

; Tags defined here (with a body), not merely used (`struct ledger_entry *e`).
(struct_specifier name: (type_identifier) @definition body: (_))
(union_specifier name: (type_identifier) @definition body: (_))
(enum_specifier name: (type_identifier) @definition body: (_))
(enumerator name: (identifier) @definition)

; Macros and their parameters.
(preproc_def name: (identifier) @definition)
(preproc_function_def name: (identifier) @definition)
(preproc_params (identifier) @definition)
; `typedef void (handler_fn)(int)`: the declared name sits in parentheses.
(parenthesized_declarator (type_identifier) @definition)
(parenthesized_declarator (identifier) @definition)

; `#include <sys/types.h>`: a system header's path names the library's files.
(preproc_include path: (system_lib_string) @library)

; A member used (`Py_TYPE(obj)->tp_name`, `entry.amount`): one the request never declares as
; a member is a library's struct's, even where a local of the same name is renamed.
(field_expression field: (field_identifier) @used)

; An enum whose head a macro hides (`enum class ABSL_MUST_USE_RESULT StatusCode : int {`)
; reads as a braced initializer: its `kOk = 0` are enumerators.
(initializer_list (assignment_expression left: (identifier) @definition))
