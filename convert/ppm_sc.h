/* SPDX-License-Identifier: MIT */
/*
 * ppm_sc.h - sysdig PPM_SC syscall codes as tshark 4.0 names them
 * (generated table in ppm_sc.c). Used by the pcapng output for generic
 * events. Owner: tl-convert's pcapng output.
 */
#ifndef TL_PPM_SC_H
#define TL_PPM_SC_H

/* ppm_sc_names[code] = syscall name, NULL for codes tshark does not know. */
extern const char *const ppm_sc_names[];
extern const unsigned int ppm_sc_count;

#endif /* TL_PPM_SC_H */
