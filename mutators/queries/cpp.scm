; A `declarator` field only ever holds what is being declared, at any depth of pointer,
; array, function and init declarators: variables, parameters, functions, fields,
; methods, typedefs.
(_ declarator: (identifier) @definition)
(_ declarator: (field_identifier) @definition @field)
(_ declarator: (type_identifier) @definition)
(reference_declarator (identifier) @definition)
(structured_binding_declarator (identifier) @definition)

; Types and namespaces defined here (with a body), not merely used.
(class_specifier name: (type_identifier) @definition body: (_))
(struct_specifier name: (type_identifier) @definition body: (_))
(union_specifier name: (type_identifier) @definition body: (_))
(enum_specifier name: (type_identifier) @definition body: (_))
(enumerator name: (identifier) @definition)
(alias_declaration name: (type_identifier) @definition)
(type_parameter_declaration (type_identifier) @definition)
(namespace_definition name: (namespace_identifier) @definition)
(nested_namespace_specifier (namespace_identifier) @definition)
(concept_definition name: (identifier) @definition)

; Macros and their parameters.
(preproc_def name: (identifier) @definition)
(preproc_function_def name: (identifier) @definition)
(preproc_params (identifier) @definition)
; `typedef void (handler_fn)(int)`: the declared name sits in parentheses.
(parenthesized_declarator (type_identifier) @definition)
(parenthesized_declarator (identifier) @definition)

; Members defined outside their class (`void file::dup2(int fd)`, `Ledger::~Ledger()`), and
; the class or namespace they belong to.
(function_declarator declarator: (qualified_identifier name: [(identifier) (field_identifier)] @definition @field))
(function_declarator declarator: (qualified_identifier name: (qualified_identifier name: [(identifier) (field_identifier)] @definition @field)))
((function_declarator declarator: (qualified_identifier scope: (namespace_identifier) @definition))
 (#not-match? @definition "^std$"))

; The standard library: `#include <vector>`, the `std` namespace and every name reached
; through it (`std::chrono::duration`, `std::vector<T>::iterator`).
(preproc_include path: (system_lib_string) @library)
((namespace_identifier) @library (#eq? @library "std"))
((qualified_identifier) @path (#match? @path "^(::)?std::"))
(qualified_identifier scope: (namespace_identifier) @qualifier name: [(identifier) (type_identifier)] @member)
(qualified_identifier scope: (namespace_identifier) @qualifier name: (qualified_identifier scope: (namespace_identifier) @member))
(qualified_identifier scope: (namespace_identifier) @qualifier name: (qualified_identifier scope: (template_type name: (type_identifier) @member)))
(qualified_identifier scope: (namespace_identifier) @qualifier name: (template_type name: (type_identifier) @member))
(qualified_identifier scope: (namespace_identifier) @qualifier name: (template_function name: (identifier) @member))
(qualified_identifier scope: (template_type name: (type_identifier) @qualifier) name: [(identifier) (type_identifier)] @member)

; A template's specialization names the template (`template <> struct type_caster<Money>`);
; inside `namespace std` it is the standard library's (`struct hash<Money>`), and so are its
; members (`std::numeric_limits<T>::digits`).
(struct_specifier name: (template_type name: (type_identifier) @definition) body: (_))
(class_specifier name: (template_type name: (type_identifier) @definition) body: (_))
((namespace_definition
   name: (namespace_identifier) @_std
   body: (declaration_list (template_declaration [
     (struct_specifier name: (template_type name: (type_identifier) @library @module))
     (class_specifier name: (template_type name: (type_identifier) @library @module))])))
 (#eq? @_std "std"))

; What a class derived from a standard one overrides is the standard library's
; (`const char* what() const noexcept override`, a streambuf's `overflow`).
((_ (base_class_clause (qualified_identifier) @_base)
    body: (field_declaration_list [
      (field_declaration declarator: (function_declarator declarator: (field_identifier) @library (virtual_specifier)))
      (field_declaration declarator: (_ declarator: (function_declarator declarator: (field_identifier) @library (virtual_specifier))))
      (function_definition declarator: (function_declarator declarator: (field_identifier) @library (virtual_specifier)))
      (function_definition declarator: (_ declarator: (function_declarator declarator: (field_identifier) @library (virtual_specifier))))]))
 (#match? @_base "^(::)?std::"))

; A variable of a standard type reaches the library's members (`count_.load()` of a
; `std::atomic<int> count_`, `s.size()` of a `std::string& s`).
((field_declaration type: (qualified_identifier) @_type declarator: [(field_identifier) @module (_ declarator: (field_identifier) @module)])
 (#match? @_type "^(::)?std::"))
((declaration type: (qualified_identifier) @_type declarator: [(identifier) @module (_ declarator: (identifier) @module) (reference_declarator (identifier) @module)])
 (#match? @_type "^(::)?std::"))
((parameter_declaration type: (qualified_identifier) @_type declarator: [(identifier) @module (_ declarator: (identifier) @module) (reference_declarator (identifier) @module)])
 (#match? @_type "^(::)?std::"))
(field_expression argument: [(identifier) (field_identifier)] @qualifier field: (field_identifier) @member)
(field_expression argument: (field_expression field: (field_identifier) @qualifier) field: (field_identifier) @member)

; A member used (`Py_TYPE(obj)->tp_name`, `entry.amount`): one the request never declares as
; a member is a library's struct's, even where a local of the same name is renamed.
(field_expression field: (field_identifier) @used)

; An enum whose head a macro hides (`enum class ABSL_MUST_USE_RESULT StatusCode : int {`)
; reads as a braced initializer: its `kOk = 0` are enumerators.
(initializer_list (assignment_expression left: (identifier) @definition))
