/*
 * Caching versions of two helpers of bonede's tree-sitter JNI glue, linked into the preloaded -O2 library
 * (native/tree-sitter-o2.sh).
 *
 * bonede's glue converts every TSNode between Java and C by looking up the class (FindClass) and each of its six
 * fields (GetFieldID) on every call: about 0.4 us of a 0.45 us call. It does so through two exported functions of
 * its own, called through the PLT, so defining them here replaces them:
 *   jclass   ts_jni_find_class(JNIEnv *env, const char *name)                                  -> FindClass
 *   jfieldID ts_jni_get_field_id(JNIEnv *env, jclass c, const char *name, const char *sig)     -> GetFieldID
 * (signatures read from its machine code: each only forwards to the JNI function). The answers are the same; they
 * are remembered. Classes are held as global references (the glue never deletes the references these return), so
 * they stay valid on every thread; field ids of a loaded class never change. The glue lives in one class loader (a
 * JNI library cannot be loaded by two), so a class name means one class.
 */
#include <jni.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define ANYSCOPE_CACHE_SIZE 128

typedef struct {
  char *name;
  jclass cls;
} ClassEntry;

typedef struct {
  jclass cls; /* global reference */
  char *name;
  char *sig;
  jfieldID id;
} FieldEntry;

static ClassEntry classes[ANYSCOPE_CACHE_SIZE];
static FieldEntry fields[ANYSCOPE_CACHE_SIZE];
static int class_count; /* published with release stores, read with acquire loads */
static int field_count;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((visibility("default"))) jclass ts_jni_find_class(JNIEnv *env, const char *name) {
  int n = __atomic_load_n(&class_count, __ATOMIC_ACQUIRE);
  for (int i = 0; i < n; i++) {
    if (strcmp(classes[i].name, name) == 0) {
      return classes[i].cls;
    }
  }
  jclass local = (*env)->FindClass(env, name);
  if (local == NULL) {
    return NULL;
  }
  pthread_mutex_lock(&lock);
  jclass result = local;
  n = class_count;
  int found = -1;
  for (int i = 0; i < n; i++) {
    if (strcmp(classes[i].name, name) == 0) {
      found = i;
      break;
    }
  }
  if (found >= 0) {
    result = classes[found].cls;
    (*env)->DeleteLocalRef(env, local);
  } else if (n < ANYSCOPE_CACHE_SIZE) {
    jclass global = (jclass)(*env)->NewGlobalRef(env, local);
    char *copy = strdup(name);
    if (global != NULL && copy != NULL) {
      classes[n].name = copy;
      classes[n].cls = global;
      __atomic_store_n(&class_count, n + 1, __ATOMIC_RELEASE);
      (*env)->DeleteLocalRef(env, local);
      result = global;
    } else {
      if (global != NULL) {
        (*env)->DeleteGlobalRef(env, global);
      }
      free(copy);
    }
  }
  pthread_mutex_unlock(&lock);
  return result;
}

static int same_field(JNIEnv *env, const FieldEntry *e, jclass c, const char *name, const char *sig) {
  return strcmp(e->name, name) == 0 && strcmp(e->sig, sig) == 0 && (e->cls == c || (*env)->IsSameObject(env, e->cls, c));
}

__attribute__((visibility("default"))) jfieldID ts_jni_get_field_id(JNIEnv *env, jclass c, const char *name,
                                                                   const char *sig) {
  int n = __atomic_load_n(&field_count, __ATOMIC_ACQUIRE);
  for (int i = 0; i < n; i++) {
    if (same_field(env, &fields[i], c, name, sig)) {
      return fields[i].id;
    }
  }
  jfieldID id = (*env)->GetFieldID(env, c, name, sig);
  if (id == NULL) {
    return NULL;
  }
  pthread_mutex_lock(&lock);
  n = field_count;
  int found = 0;
  for (int i = 0; i < n; i++) {
    if (same_field(env, &fields[i], c, name, sig)) {
      found = 1;
      break;
    }
  }
  if (!found && n < ANYSCOPE_CACHE_SIZE) {
    jclass global = (jclass)(*env)->NewGlobalRef(env, c);
    char *name_copy = strdup(name);
    char *sig_copy = strdup(sig);
    if (global != NULL && name_copy != NULL && sig_copy != NULL) {
      fields[n].cls = global;
      fields[n].name = name_copy;
      fields[n].sig = sig_copy;
      fields[n].id = id;
      __atomic_store_n(&field_count, n + 1, __ATOMIC_RELEASE);
    } else {
      if (global != NULL) {
        (*env)->DeleteGlobalRef(env, global);
      }
      free(name_copy);
      free(sig_copy);
    }
  }
  pthread_mutex_unlock(&lock);
  return id;
}
