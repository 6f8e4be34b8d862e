# CMake toolchain file for bare-metal Arm Cortex-M with the GNU Arm
# Embedded toolchain (Debian/Ubuntu: gcc-arm-none-eabi):
#
#   cmake -DCMAKE_TOOLCHAIN_FILE=<prefix>/lib/cmake/memfit/arm-none-eabi.cmake ...
#
# Set the CPU flags in the project (e.g. -mcpu=cortex-m4 -mthumb). The
# toolchain prefix can be changed with ARM_NONE_EABI_PREFIX, e.g. to a full
# path such as /opt/arm/bin/arm-none-eabi-.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

if(NOT DEFINED ARM_NONE_EABI_PREFIX)
	set(ARM_NONE_EABI_PREFIX "arm-none-eabi-")
endif()
set(CMAKE_C_COMPILER "${ARM_NONE_EABI_PREFIX}gcc")
set(CMAKE_CXX_COMPILER "${ARM_NONE_EABI_PREFIX}g++")
set(CMAKE_ASM_COMPILER "${ARM_NONE_EABI_PREFIX}gcc")
set(CMAKE_OBJCOPY "${ARM_NONE_EABI_PREFIX}objcopy" CACHE FILEPATH "objcopy")
set(CMAKE_SIZE "${ARM_NONE_EABI_PREFIX}size" CACHE FILEPATH "size")

# There is no operating system to link a test program for: compiler checks
# build a static library instead.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_EXECUTABLE_SUFFIX_C ".elf")
set(CMAKE_EXECUTABLE_SUFFIX_CXX ".elf")
set(CMAKE_EXECUTABLE_SUFFIX_ASM ".elf")

# Libraries and headers from the target's root only; programs (memfit
# included) and CMake packages from the host.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
