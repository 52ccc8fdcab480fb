#ifndef SEGUE_TAG_SHIM_H
#define SEGUE_TAG_SHIM_H
#ifdef __cplusplus
extern "C" {
#endif

/* Placeholder: the TagLib shim's C interface. */
int segue_tag_shim_version(void);

#ifdef __cplusplus
}
#endif
#endif
