# SPDX-License-Identifier: GPL-2.0
# xsystrace: the graphical agent (GTK 4, jansson), a front end of the
# agent protocol (Documentation/agent-protocol.rst). A host tool only: the
# VM image has no display.

XS_SRCS := $(wildcard xsystrace/*.c)
XS_OBJS := $(patsubst xsystrace/%.c,$(H)/xsystrace/%.o,$(XS_SRCS))
XS_CFLAGS := $(shell pkg-config --cflags gtk4 jansson 2>/dev/null)
XS_LIBS := $(shell pkg-config --libs gtk4 jansson 2>/dev/null)
XSYSTRACE := $(H)/xsystrace/xsystrace

$(H)/xsystrace/%.o: xsystrace/%.c xsystrace/xsystrace.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(XS_CFLAGS) $(CFLAGS) -c -o $@ $<

$(XSYSTRACE): $(XS_OBJS)
	$(CC) $(CFLAGS) -o $@ $^ $(XS_LIBS)

all: $(XSYSTRACE)

# The protocol's schema against samples; xsystrace driven under Xvfb by a
# scripted agent (screenshots in build/xsystrace/).
HOST_TESTS += scripts/agent-protocol-test xsystrace/xsystrace-test
host-tests: $(XSYSTRACE)
