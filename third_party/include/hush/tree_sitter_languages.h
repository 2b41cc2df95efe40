/* Entry points of the grammars compiled into hush_treesitter (see third_party/CMakeLists.txt). */
#ifndef HUSH_TREE_SITTER_LANGUAGES_H
#define HUSH_TREE_SITTER_LANGUAGES_H

#include <tree_sitter/api.h>

#ifdef __cplusplus
extern "C" {
#endif

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);
const TSLanguage *tree_sitter_go(void);
const TSLanguage *tree_sitter_java(void);
const TSLanguage *tree_sitter_ruby(void);
const TSLanguage *tree_sitter_c_sharp(void);
const TSLanguage *tree_sitter_php(void);
const TSLanguage *tree_sitter_bash(void);
const TSLanguage *tree_sitter_json(void);
const TSLanguage *tree_sitter_rust(void);
const TSLanguage *tree_sitter_yaml(void);
const TSLanguage *tree_sitter_toml(void);
const TSLanguage *tree_sitter_hcl(void);
const TSLanguage *tree_sitter_properties(void);

#ifdef __cplusplus
}
#endif

#endif
