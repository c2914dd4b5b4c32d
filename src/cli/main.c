/* main.c: placeholder until the command table lands. */
#include <stdio.h>
int main(void) { puts("podium"); return 0; }
