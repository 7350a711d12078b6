/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Wire layouts of the VirtualBox shared-folders HGCM service
 * ("VBoxSharedFolders", SHFL): function numbers, parameter counts, every
 * structure a call carries and every flag set (described in
 * docs/protocol/shared-folders.md §2-§4).  This is the one definition used
 * by the guest side (libvbglr3, vboxsf-fuse, the automounter) and by the
 * host simulator's service.
 *
 * Layout rules: all integers little-endian and fixed-width; every structure
 * is byte-packed (SHFLDIRINFO entries follow each other back to back in a
 * LIST buffer, so any of them may start at an odd address: read them through
 * these packed types or memcpy, never through naturally aligned copies).
 * Every structure has a size assertion matching the size VirtualBox's own
 * size test checks.
 */
#ifndef VBGL_SHFL_WIRE_H
#define VBGL_SHFL_WIRE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The status codes SHFL answers with beyond <linux/vbox_err.h>.  Installed
 * next to this header; in the source tree it is driver/vbox_status.h and
 * driver/ is on the include path.
 */
#include "vbox_status.h"

#define SHFL_WIRE_PACKED __attribute__((packed))

/* The HGCM service name a guest connects to (LocalHost_Existing). */
#define SHFL_SERVICE_NAME "VBoxSharedFolders"

/* ------------------------------------------------------------------------ */
/* Function numbers (guest -> host), with their parameter counts.            */

#define SHFL_FN_QUERY_MAPPINGS 1
#define SHFL_FN_QUERY_MAP_NAME 2
#define SHFL_FN_CREATE	       3
#define SHFL_FN_CLOSE	       4
#define SHFL_FN_READ	       5
#define SHFL_FN_WRITE	       6
#define SHFL_FN_LOCK	       7
#define SHFL_FN_LIST	       8
#define SHFL_FN_INFORMATION    9
/* 10 is unused and never assigned. */
#define SHFL_FN_REMOVE			      11
#define SHFL_FN_MAP_FOLDER_OLD		      12
#define SHFL_FN_UNMAP_FOLDER		      13
#define SHFL_FN_RENAME			      14
#define SHFL_FN_FLUSH			      15
#define SHFL_FN_SET_UTF8		      16
#define SHFL_FN_MAP_FOLDER		      17
#define SHFL_FN_READLINK		      18
#define SHFL_FN_SYMLINK			      19
#define SHFL_FN_SET_SYMLINKS		      20
#define SHFL_FN_QUERY_MAP_INFO		      21
#define SHFL_FN_WAIT_FOR_MAPPINGS_CHANGES     22
#define SHFL_FN_CANCEL_MAPPINGS_CHANGES_WAITS 23
#define SHFL_FN_SET_FILE_SIZE		      24
#define SHFL_FN_QUERY_FEATURES		      25
#define SHFL_FN_COPY_FILE		      26
#define SHFL_FN_COPY_FILE_PART		      27
#define SHFL_FN_CLOSE_AND_REMOVE	      28
#define SHFL_FN_SET_ERROR_STYLE		      29
#define SHFL_FN_LAST			      29

#define SHFL_CPARMS_QUERY_MAPPINGS		  3
#define SHFL_CPARMS_QUERY_MAP_NAME		  2
#define SHFL_CPARMS_CREATE			  3
#define SHFL_CPARMS_CLOSE			  2
#define SHFL_CPARMS_READ			  5
#define SHFL_CPARMS_WRITE			  5
#define SHFL_CPARMS_LOCK			  5
#define SHFL_CPARMS_LIST			  8
#define SHFL_CPARMS_INFORMATION			  5
#define SHFL_CPARMS_REMOVE			  3
#define SHFL_CPARMS_MAP_FOLDER_OLD		  3
#define SHFL_CPARMS_UNMAP_FOLDER		  1
#define SHFL_CPARMS_RENAME			  4
#define SHFL_CPARMS_FLUSH			  2
#define SHFL_CPARMS_SET_UTF8			  0
#define SHFL_CPARMS_MAP_FOLDER			  4
#define SHFL_CPARMS_READLINK			  3
#define SHFL_CPARMS_SYMLINK			  4
#define SHFL_CPARMS_SET_SYMLINKS		  0
#define SHFL_CPARMS_QUERY_MAP_INFO		  5
#define SHFL_CPARMS_WAIT_FOR_MAPPINGS_CHANGES	  1
#define SHFL_CPARMS_CANCEL_MAPPINGS_CHANGES_WAITS 0
#define SHFL_CPARMS_SET_FILE_SIZE		  3
#define SHFL_CPARMS_QUERY_FEATURES		  2
#define SHFL_CPARMS_COPY_FILE			  5
#define SHFL_CPARMS_COPY_FILE_PART		  8
#define SHFL_CPARMS_CLOSE_AND_REMOVE		  4
#define SHFL_CPARMS_SET_ERROR_STYLE		  2

/*
 * Host-only functions (VirtualBox's own configuration calls, a separate
 * number space that guests cannot reach).
 */
#define SHFL_HOST_FN_ADD_MAPPING	   1
#define SHFL_HOST_FN_REMOVE_MAPPING	   2
#define SHFL_HOST_FN_SET_STATUS_LED	   3
#define SHFL_HOST_FN_ALLOW_SYMLINKS_CREATE 4

/* ADD_MAPPING flags. */
#define SHFL_ADD_MAPPING_F_WRITABLE	   0x1
#define SHFL_ADD_MAPPING_F_AUTOMOUNT	   0x2
#define SHFL_ADD_MAPPING_F_CREATE_SYMLINKS 0x4
#define SHFL_ADD_MAPPING_F_MISSING	   0x8

/* ------------------------------------------------------------------------ */
/* Scalar types and limits.                                                  */

typedef uint32_t shfl_root_t;
typedef uint64_t shfl_handle_t;

#define SHFL_ROOT_NIL	 ((shfl_root_t)0xFFFFFFFFu)
#define SHFL_HANDLE_NIL	 ((shfl_handle_t)0xFFFFFFFFFFFFFFFFull)
#define SHFL_HANDLE_ROOT ((shfl_handle_t)0)

#define SHFL_MAX_LEN	  256 /* share-name characters */
#define SHFL_MAX_MAPPINGS 64
#define SHFL_MAX_RW_COUNT (16u * 1024 * 1024)

/* ------------------------------------------------------------------------ */
/* Structures.                                                               */

/**
 * struct shfl_string - SHFLSTRING: a counted, NUL-terminated string.
 * @size:   bytes available in the string area (the 4-byte header excluded)
 * @length: string length in bytes, terminator excluded
 * @string: UTF-8 bytes or UTF-16LE code units; really @size bytes long
 *
 * A buffer holding one is 4 + @size bytes.  sizeof is 6 (header plus the
 * two-byte placeholder VirtualBox declares), as in the real layout.
 */
struct shfl_string {
	uint16_t size;
	uint16_t length;
	union {
		uint8_t utf8[2];
		uint16_t utf16[1];
	} SHFL_WIRE_PACKED string;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_string) == 6, "SHFLSTRING size");

#define SHFL_STRING_HDR_SIZE offsetof(struct shfl_string, string)
_Static_assert(SHFL_STRING_HDR_SIZE == 4, "SHFLSTRING header");

/** struct shfl_timespec - RTTIMESPEC: signed ns since 1970-01-01 UTC. */
struct shfl_timespec {
	int64_t ns;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_timespec) == 8, "RTTIMESPEC size");

/* SHFLFSOBJATTR.additional */
#define SHFL_FSOBJATTRADD_NOTHING 1
#define SHFL_FSOBJATTRADD_UNIX	  2
#define SHFL_FSOBJATTRADD_EASIZE  3

/** struct shfl_fsobjattr_unix - the UNIX variant of the attribute union. */
struct shfl_fsobjattr_unix {
	uint32_t uid;		  /* ~0 if unknown */
	uint32_t gid;		  /* ~0 if unknown */
	uint32_t hardlinks;	  /* st_nlink */
	uint32_t inode_id_device; /* st_dev */
	uint64_t inode_id;	  /* st_ino */
	uint32_t flags;		  /* st_flags (0) */
	uint32_t generation_id;	  /* st_gen (0) */
	uint32_t device;	  /* st_rdev of device nodes, else 0 */
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_fsobjattr_unix) == 36, "attr unix size");

/** struct shfl_fsobjattr_easize - the EASIZE variant of the attribute union. */
struct shfl_fsobjattr_easize {
	int64_t cb;
} SHFL_WIRE_PACKED;

/**
 * struct shfl_fsobjattr - SHFLFSOBJATTR (44 bytes).
 * @mode:       mode word, SHFL_TYPE_* | SHFL_UNIX_* | SHFL_DOS_*
 * @additional: SHFL_FSOBJATTRADD_*, which union member is valid
 * @u:          the additional attributes
 */
struct shfl_fsobjattr {
	uint32_t mode;
	uint32_t additional;
	union {
		struct shfl_fsobjattr_unix unix_attr;
		struct shfl_fsobjattr_easize easize;
		uint8_t raw[36];
	} SHFL_WIRE_PACKED u;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_fsobjattr) == 44, "SHFLFSOBJATTR size");

/**
 * struct shfl_fsobjinfo - SHFLFSOBJINFO (92 bytes): an object's stat data.
 * @size:              st_size (for symlinks shown as links: target length)
 * @allocated:         st_blocks * 512
 * @access_time:       atime
 * @modification_time: mtime
 * @change_time:       ctime
 * @birth_time:        birth time (= ctime if unknown)
 * @attr:              mode and additional attributes
 *
 * In SET requests a time of 0 means "leave unchanged".
 */
struct shfl_fsobjinfo {
	int64_t size;
	int64_t allocated;
	struct shfl_timespec access_time;
	struct shfl_timespec modification_time;
	struct shfl_timespec change_time;
	struct shfl_timespec birth_time;
	struct shfl_fsobjattr attr;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_fsobjinfo) == 92, "SHFLFSOBJINFO size");
_Static_assert(offsetof(struct shfl_fsobjinfo, attr) == 48, "attr offset");

/* SHFLCREATERESULT (shfl_createparms.result) */
#define SHFL_NO_RESULT	    0
#define SHFL_PATH_NOT_FOUND 1
#define SHFL_FILE_NOT_FOUND 2
#define SHFL_FILE_EXISTS    3
#define SHFL_FILE_CREATED   4
#define SHFL_FILE_REPLACED  5

/**
 * struct shfl_createparms - SHFLCREATEPARMS (108 bytes), CREATE parameter 2.
 * @handle:       in: SHFL_HANDLE_NIL; out: the new handle or SHFL_HANDLE_NIL
 * @result:       out: SHFL_NO_RESULT .. SHFL_FILE_REPLACED
 * @create_flags: in: SHFL_CF_*
 * @info:         in: creation mode (attr.mode) and size for REPLACE/OVERWRITE
 *                (size); out: the object's info
 */
struct shfl_createparms {
	uint64_t handle;
	uint32_t result;
	uint32_t create_flags;
	struct shfl_fsobjinfo info;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_createparms) == 108, "SHFLCREATEPARMS size");

/* SHFLMAPPING.status */
#define SHFL_MS_NEW	1
#define SHFL_MS_DELETED 2

/** struct shfl_mapping - SHFLMAPPING (8 bytes), a QUERY_MAPPINGS entry. */
struct shfl_mapping {
	uint32_t status; /* SHFL_MS_NEW */
	uint32_t root;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_mapping) == 8, "SHFLMAPPING size");

/**
 * struct shfl_dirinfo - SHFLDIRINFO, one LIST entry (sizeof 128).
 * @info:           the entry's SHFLFSOBJINFO
 * @short_name_len: 8.3 short name length in UTF-16 units (0 on POSIX hosts)
 * @short_name:     UTF-16 short name
 * @name:           the entry name in the client's encoding; really
 *                  name.size bytes long
 *
 * On the wire an entry is SHFL_DIRINFO_HDR_SIZE + name.size bytes and the
 * next one follows with no padding.
 */
struct shfl_dirinfo {
	struct shfl_fsobjinfo info;
	uint16_t short_name_len;
	uint16_t short_name[14];
	struct shfl_string name;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_dirinfo) == 128, "SHFLDIRINFO size");

#define SHFL_DIRINFO_HDR_SIZE \
	(offsetof(struct shfl_dirinfo, name) + SHFL_STRING_HDR_SIZE)
_Static_assert(SHFL_DIRINFO_HDR_SIZE == 126, "SHFLDIRINFO name offset");

/**
 * struct shfl_fsproperties - SHFLFSPROPERTIES (12 bytes).
 * @max_component:    longest name component (f_namemax)
 * @remote:           remote file system
 * @case_sensitive:   names are case-sensitive
 * @read_only:        the host file system is mounted read-only
 * @supports_unicode: names are Unicode
 * @compressed:       the file system compresses
 * @file_compression: files may be compressed individually
 * @padding:          zero
 */
struct shfl_fsproperties {
	uint32_t max_component;
	uint8_t remote;
	uint8_t case_sensitive;
	uint8_t read_only;
	uint8_t supports_unicode;
	uint8_t compressed;
	uint8_t file_compression;
	uint8_t padding[2];
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_fsproperties) == 12, "SHFLFSPROPERTIES size");

/**
 * struct shfl_volinfo - SHFLVOLINFO (40 bytes), INFORMATION GET|VOLUME.
 * @total_bytes:          f_blocks * f_frsize
 * @available_bytes:      f_bavail * f_frsize
 * @bytes_per_alloc_unit: f_frsize
 * @bytes_per_sector:     512
 * @serial:               volume serial (st_dev of the share root)
 * @props:                file-system properties
 */
struct shfl_volinfo {
	int64_t total_bytes;
	int64_t available_bytes;
	uint32_t bytes_per_alloc_unit;
	uint32_t bytes_per_sector;
	uint32_t serial;
	struct shfl_fsproperties props;
} SHFL_WIRE_PACKED;
_Static_assert(sizeof(struct shfl_volinfo) == 40, "SHFLVOLINFO size");

/* ------------------------------------------------------------------------ */
/* The mode word (RTFMODE).                                                  */

/* Unix part: permissions (identical to st_mode) ... */
#define SHFL_UNIX_ISUID		   0004000u
#define SHFL_UNIX_ISGID		   0002000u
#define SHFL_UNIX_ISTXT		   0001000u
#define SHFL_UNIX_IRWXU		   0000700u
#define SHFL_UNIX_IRUSR		   0000400u
#define SHFL_UNIX_IWUSR		   0000200u
#define SHFL_UNIX_IXUSR		   0000100u
#define SHFL_UNIX_IRWXG		   0000070u
#define SHFL_UNIX_IRGRP		   0000040u
#define SHFL_UNIX_IWGRP		   0000020u
#define SHFL_UNIX_IXGRP		   0000010u
#define SHFL_UNIX_IRWXO		   0000007u
#define SHFL_UNIX_IROTH		   0000004u
#define SHFL_UNIX_IWOTH		   0000002u
#define SHFL_UNIX_IXOTH		   0000001u
#define SHFL_UNIX_ALL_PERMS	   0007777u
#define SHFL_UNIX_ALL_ACCESS_PERMS 0000777u
#define SHFL_UNIX_MASK		   0xFFFFu

/* ... and object type. */
#define SHFL_TYPE_FIFO	    0010000u
#define SHFL_TYPE_DEV_CHAR  0020000u
#define SHFL_TYPE_DIRECTORY 0040000u
#define SHFL_TYPE_DEV_BLOCK 0060000u
#define SHFL_TYPE_FILE	    0100000u
#define SHFL_TYPE_SYMLINK   0120000u
#define SHFL_TYPE_SOCKET    0140000u
#define SHFL_TYPE_WHITEOUT  0160000u
#define SHFL_TYPE_MASK	    0170000u

/* DOS part (bits 16-30). */
#define SHFL_DOS_SHIFT			16
#define SHFL_DOS_MASK			0x7FFF0000u
#define SHFL_DOS_READONLY		0x00010000u
#define SHFL_DOS_HIDDEN			0x00020000u
#define SHFL_DOS_SYSTEM			0x00040000u
#define SHFL_DOS_DIRECTORY		0x00100000u
#define SHFL_DOS_ARCHIVED		0x00200000u
#define SHFL_DOS_NT_DEVICE		0x00400000u
#define SHFL_DOS_NT_NORMAL		0x00800000u
#define SHFL_DOS_NT_TEMPORARY		0x01000000u
#define SHFL_DOS_NT_SPARSE_FILE		0x02000000u
#define SHFL_DOS_NT_REPARSE_POINT	0x04000000u
#define SHFL_DOS_NT_COMPRESSED		0x08000000u
#define SHFL_DOS_NT_OFFLINE		0x10000000u
#define SHFL_DOS_NT_NOT_CONTENT_INDEXED 0x20000000u
#define SHFL_DOS_NT_ENCRYPTED		0x40000000u

/* ------------------------------------------------------------------------ */
/* Flag sets.                                                                */

/* INFORMATION parameter 2. */
#define SHFL_INFO_MODE_MASK 0x1
#define SHFL_INFO_GET	    0x0
#define SHFL_INFO_SET	    0x1
#define SHFL_INFO_NAME	    0x2
#define SHFL_INFO_SIZE	    0x4
#define SHFL_INFO_FILE	    0x8
#define SHFL_INFO_VOLUME    0x10

/* LIST parameter 2. */
#define SHFL_LIST_NONE	     0
#define SHFL_LIST_RETURN_ONE 1
#define SHFL_LIST_RESTART    2

/* LOCK parameter 4. */
#define SHFL_LOCK_MODE_MASK 0x3
#define SHFL_LOCK_CANCEL    0x0
#define SHFL_LOCK_SHARED    0x1
#define SHFL_LOCK_EXCLUSIVE 0x2
#define SHFL_LOCK_NOWAIT    0x0
#define SHFL_LOCK_WAIT	    0x4
#define SHFL_LOCK_PARTIAL   0x0
#define SHFL_LOCK_ENTIRE    0x8

/* SHFLCREATEPARMS.create_flags */
#define SHFL_CF_NONE		      0x00000000u
#define SHFL_CF_LOOKUP		      0x00000001u
#define SHFL_CF_OPEN_TARGET_DIRECTORY 0x00000002u
#define SHFL_CF_DIRECTORY	      0x00000004u

#define SHFL_CF_ACT_MASK_IF_EXISTS	0x000000F0u
#define SHFL_CF_ACT_OPEN_IF_EXISTS	0x00000000u
#define SHFL_CF_ACT_FAIL_IF_EXISTS	0x00000010u
#define SHFL_CF_ACT_REPLACE_IF_EXISTS	0x00000020u
#define SHFL_CF_ACT_OVERWRITE_IF_EXISTS 0x00000030u

#define SHFL_CF_ACT_MASK_IF_NEW	  0x00000F00u
#define SHFL_CF_ACT_CREATE_IF_NEW 0x00000000u
#define SHFL_CF_ACT_FAIL_IF_NEW	  0x00000100u

#define SHFL_CF_ACCESS_MASK_RW	 0x00003000u
#define SHFL_CF_ACCESS_NONE	 0x00000000u
#define SHFL_CF_ACCESS_READ	 0x00001000u
#define SHFL_CF_ACCESS_WRITE	 0x00002000u
#define SHFL_CF_ACCESS_READWRITE 0x00003000u

#define SHFL_CF_ACCESS_MASK_DENY 0x0000C000u
#define SHFL_CF_ACCESS_DENYNONE	 0x00000000u
#define SHFL_CF_ACCESS_DENYREAD	 0x00004000u
#define SHFL_CF_ACCESS_DENYWRITE 0x00008000u
#define SHFL_CF_ACCESS_DENYALL	 0x0000C000u

#define SHFL_CF_ACCESS_MASK_ATTR      0x00030000u
#define SHFL_CF_ACCESS_ATTR_NONE      0x00000000u
#define SHFL_CF_ACCESS_ATTR_READ      0x00010000u
#define SHFL_CF_ACCESS_ATTR_WRITE     0x00020000u
#define SHFL_CF_ACCESS_ATTR_READWRITE 0x00030000u

#define SHFL_CF_ACCESS_APPEND 0x00040000u

/* QUERY_MAPPINGS parameter 0. */
#define SHFL_MF_UCS2	   0x00000000u
#define SHFL_MF_UTF8	   0x00000001u
#define SHFL_MF_AUTOMOUNT  0x00000010u
#define SHFL_MF_VALID_MASK 0x00000011u

/* QUERY_MAP_INFO parameter 3, in. */
#define SHFL_MIQF_DRIVE_LETTER 0x1ull
#define SHFL_MIQF_PATH	       0x2ull
#define SHFL_MIQF_VALID_MASK   0x3ull

/*
 * QUERY_MAP_INFO parameter 3, out.  7.0.14 sets HOST_ICASE when the host
 * file system IS case-sensitive and GUEST_ICASE when the share is mapped
 * case-sensitive: the names say the opposite of what the host does.
 */
#define SHFL_MIF_WRITABLE	  0x01ull
#define SHFL_MIF_AUTO_MOUNT	  0x02ull
#define SHFL_MIF_HOST_ICASE	  0x04ull
#define SHFL_MIF_GUEST_ICASE	  0x08ull
#define SHFL_MIF_SYMLINK_CREATION 0x10ull

/* QUERY_FEATURES parameter 0. */
#define SHFL_FEATURE_WRITE_UPDATES_OFFSET 0x1ull

/* REMOVE parameter 2. */
#define SHFL_REMOVE_FILE       0x1
#define SHFL_REMOVE_DIR	       0x2
#define SHFL_REMOVE_SYMLINK    0x4
#define SHFL_REMOVE_VALID_MASK 0x7

/* RENAME parameter 3. */
#define SHFL_RENAME_FILE	      0x1
#define SHFL_RENAME_DIR		      0x2
#define SHFL_RENAME_REPLACE_IF_EXISTS 0x4
#define SHFL_RENAME_VALID_MASK	      0x7

/* SET_ERROR_STYLE parameter 0. */
#define SHFL_ERROR_STYLE_WINDOWS 1
#define SHFL_ERROR_STYLE_LINUX	 2

/* MAP_FOLDER parameter 2: the path delimiters a client may choose. */
#define SHFL_DELIM_SLASH     0x2F
#define SHFL_DELIM_BACKSLASH 0x5C

#endif /* VBGL_SHFL_WIRE_H */
