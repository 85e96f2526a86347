/* The instruction set: one X-macro list builds the enum, the names and the
 * dispatch table. Instructions are 32 bits, Lua 5.x style:
 *   op:8 A:8 B:8 C:8  |  op:8 A:8 Bx:16  |  op:8 sJ:24
 * sBx = Bx - 32767, sC = C - 128, sJ = J - 2^23. R[] are the frame's
 * registers, K[] its constants, U[] its upvalues, M[] the module's slots.
 * "cond; JMP" pairs: the instruction skips the JMP that follows unless the
 * condition equals k. */
#ifndef WRIT_OPCODES_H
#define WRIT_OPCODES_H

#include <stdint.h>

#define OPCODES(OP) \
  OP(MOVE, "A B: R[A] = R[B]") \
  OP(LOADK, "A Bx: R[A] = K[Bx]") \
  OP(LOADI, "A sBx: R[A] = sBx") \
  OP(LOADNIL, "A: R[A] = nil") \
  OP(LOADTRUE, "A: R[A] = true") \
  OP(LOADFALSE, "A: R[A] = false") \
  OP(GETMOD, "A Bx: R[A] = M[Bx] (error if not yet defined)") \
  OP(SETMOD, "A Bx: M[Bx] = R[A]") \
  OP(GETUPV, "A B: R[A] = U[B]") \
  OP(SETUPV, "A B: U[B] = R[A]") \
  OP(GETFIELD, "A B C: R[A] = R[B].field[base + C]") \
  OP(SETFIELD, "A B C: R[A].field[base + B] = R[C]") \
  OP(GETINDEX, "A B C: R[A] = R[B][R[C]]") \
  OP(SETINDEX, "A B C: R[A][R[B]] = R[C]") \
  OP(SETINDEXK, "A B +Ax: R[A][R[B]] = K[Ax] (a literal stored: LOADK, LOADI, LOADNIL, LOADFALSE or LOADTRUE and SETINDEX in one, as long as the pair, so fuel is the same)") \
  OP(GETKINDEX, "A B +Ax: R[A] = R[B][K[Ax]] (x[k], k a literal: the load and GETINDEX in one, as long as the pair, so fuel is the same)") \
  OP(SETKINDEX, "A B +Ax: R[A][K[Ax]] = R[B] (x[k] = y, k a literal: the load and SETINDEX in one, as long as the pair)") \
  OP(GETMEMBER, "A B +cache: R[A] = R[B].name (export or bound method)") \
  OP(ADD, "A B C: R[A] = R[B] + R[C]") \
  OP(SUB, "A B C: R[A] = R[B] - R[C]") \
  OP(MUL, "A B C: R[A] = R[B] * R[C]") \
  OP(DIV, "A B C: R[A] = R[B] / R[C]") \
  OP(MOD, "A B C: R[A] = R[B] % R[C]") \
  OP(ADDK, "A B C: R[A] = R[B] + K[C]") \
  OP(SUBK, "A B C: R[A] = R[B] - K[C]") \
  OP(MULK, "A B C: R[A] = R[B] * K[C]") \
  OP(DIVK, "A B C: R[A] = R[B] / K[C]") \
  OP(MODK, "A B C: R[A] = R[B] % K[C]") \
  OP(ADDI, "A B sC: R[A] = R[B] + sC") \
  OP(SUBI, "A B sC: R[A] = R[B] - sC") \
  OP(KADD, "A B +Ax: R[A] = K[Ax] + R[B] (k + x, k a number: the load and ADD in one, as long as the pair, so fuel is the same)") \
  OP(KMUL, "A B +Ax: R[A] = K[Ax] * R[B] (k * x, k a number: the load and MUL in one, as long as the pair)") \
  OP(ARITH2, "A B C +extra: R[A] = R[B] op R[C], then R[A'] = R[A] op' R[B'], or R[B'] op' R[A] when C' & 16 (A', B', and op * 4 + op' in C', in the next word; op and op' two of + - * /): two arithmetic instructions in one, as long as the pair, the first result kept in a machine register") \
  OP(BAND, "A B C: R[A] = R[B] & R[C]") \
  OP(BOR, "A B C: R[A] = R[B] | R[C]") \
  OP(BXOR, "A B C: R[A] = R[B] ^ R[C]") \
  OP(SHL, "A B C: R[A] = R[B] << R[C]") \
  OP(SHR, "A B C: R[A] = R[B] >> R[C]") \
  OP(POW, "A B C: R[A] = R[B] ** R[C]") \
  OP(IN, "A B C: R[A] = R[B] in R[C] (item of a list, key of a map, substring, number of a range)") \
  OP(IS, "A B C: R[A] = R[B] is R[C] (an instance of class R[C] or of a subclass)") \
  OP(NEG, "A B: R[A] = -R[B]") \
  OP(BNOT, "A B: R[A] = ~R[B]") \
  OP(NOT, "A B: R[A] = not R[B]") \
  OP(EQ, "A B k: if ((R[A] == R[B]) != k) skip next") \
  OP(LT, "A B k: if ((R[A] < R[B]) != k) skip next") \
  OP(LE, "A B k: if ((R[A] <= R[B]) != k) skip next") \
  OP(EQK, "A B k: if ((R[A] == K[B]) != k) skip next") \
  OP(EQI, "A sB k: if ((R[A] == sB) != k) skip next") \
  OP(LTI, "A sB k: if ((R[A] < sB) != k) skip next") \
  OP(LEI, "A sB k: if ((R[A] <= sB) != k) skip next") \
  OP(GTI, "A sB k: if ((R[A] > sB) != k) skip next") \
  OP(GEI, "A sB k: if ((R[A] >= sB) != k) skip next") \
  OP(TEST, "A k: if (truthy(R[A]) != k) skip next") \
  OP(ISUNDEF, "A k: if ((R[A] is a missing argument) != k) skip next (a default's prologue)") \
  OP(JMP, "sJ: pc += sJ") \
  OP(LOOPLT, "A B C: a while loop's jump back, charged C as JMP -C, that also does its condition (LT A B k=0 and the jump out, at pc - C): if R[A] < R[B] go on after them, else fall out of the loop; operands not both numbers: pc -= C, the condition runs itself") \
  OP(LOOPLE, "A B C: as LOOPLT for LE: if R[A] <= R[B] go on after the condition at pc -= C, else fall out") \
  OP(LOOPLTI, "A sB C: as LOOPLT for LTI: if R[A] < sB go on after the condition at pc -= C, else fall out") \
  OP(LOOPLEI, "A sB C: as LOOPLT for LEI: if R[A] <= sB go on after the condition at pc -= C, else fall out") \
  OP(LOOPGTI, "A sB C: as LOOPLT for GTI: if R[A] > sB go on after the condition at pc -= C, else fall out") \
  OP(LOOPGEI, "A sB C: as LOOPLT for GEI: if R[A] >= sB go on after the condition at pc -= C, else fall out") \
  OP(CALL, "A B: R[A] = R[A](R[A+1] .. R[A+B]); C = 1 (str(x) in a +): a number's digits may go straight into the next instruction's string; C = 2: a when(...) statement, no promise for its result") \
  OP(INVOKE, "A B +cache: R[A] = R[A].name(R[A+1] .. R[A+B])") \
  OP(INVOKE0, "A B +cache +spare: R[A] = R[B].name() (MOVE A B and INVOKE A 0 in one; the spare word keeps the code, and so the fuel, as long as the pair; it holds x + 1 when MOVE x A follows, which a getter done in place does itself and skips)") \
  OP(SUPERINVOKE, "A B +Bx: R[A] = super.K[Bx](R[A+1] .. R[A+B]) with self R[A]") \
  OP(RETURN, "A: return R[A]") \
  OP(RETURNNIL, ": return nil") \
  OP(CLOSURE, "A Bx: R[A] = closure(P[Bx])") \
  OP(CLOSE, "A: close upvalues >= R[A]") \
  OP(NEWLIST, "A B: R[A] = [] with room for B") \
  OP(SETLIST, "A B: append R[A+1] .. R[A+B] to R[A]") \
  OP(EXTEND, "A B: append the items of R[B] (anything a for loop walks) to R[A]") \
  OP(CALLV, "A B +extra: call with the items of list R[A+1] as arguments: R[A](...) (B=0), R[A].name(...) (B=1, the next word a cache), super.K[Ax](...) (B=2); eventual sends, R[A] = a promise: R[A] <- K[Ax](...) (B=3), R[A] <- (...) (B=4); the same as a statement, no promise (B=5, 6); the arguments R[A+1] .. R[A+C-1] when C > 0") \
  OP(INTERP, "A B C: R[A] = str(R[B]) + ... + str(R[B+C-1]) (an interpolated string)") \
  OP(CATSTEP, "A B: the + of R[A+B] onto R[A] .. R[A+B-1] in a chain R[A] + R[A+1] + ...: strings are checked and charged, joined at CAT; other values add into R[A]; C > 0: R[A] = R[C-1] first (a local on the left)") \
  OP(CAT, "A B C: R[A] = R[B] + R[B+1] + ... + R[B+C], the chain's last +; one string made for all (the CATSTEPs before did the other +)") \
  OP(NEWMAP, "A B: R[A] = {} with room for B") \
  OP(RANGE, "A B C: R[A] = R[B] .. R[B+1] (C = 1: inclusive)") \
  OP(UNPACK, "A B C: R[A .. A+C-1] = R[B][0 .. C-1], exactly C items") \
  OP(FORPREP, "A +jump: R[A+1] = iterations of R[A]..R[A+1]; none: take jump") \
  OP(FORPREPI, "A +jump: as FORPREP for R[A]..=R[A+1]") \
  OP(FORLOOP, "A Bx: if --R[A+1] > 0 { R[A+2] = ++R[A]; pc -= Bx }") \
  OP(ITERPREP, "A: check R[A] is iterable; R[A+1] = 0; R[A+2] = version") \
  OP(ITERNEXT, "A B +jump: next of R[A] into R[A+3] (B=2: and R[A+4]); done: take jump") \
  OP(TRY, "A +jump: push handler (catch at the jump's target, value to R[A])") \
  OP(ENDTRY, "A: pop A handlers") \
  OP(THROW, "A: throw R[A]") \
  OP(CLASS, "A Bx +extra: R[A] = class K[Bx] (extra: own fields, has super in R[A+1])") \
  OP(METHOD, "A Bx: R[A].method K[Bx] = R[A+1]") \
  OP(ENDCLASS, "A: finish (freeze) class R[A]") \
  OP(IMPORT, "A Bx: R[A] = standard module K[Bx]") \
  OP(IMPORTPATH, "A Bx: R[A] = module at path K[Bx], via the loader") \
  OP(EXTRA, "Ax: operand word for the instruction before")

typedef enum {
#define OP_ENUM(name, doc) OP_##name,
  OPCODES(OP_ENUM)
#undef OP_ENUM
  OP__COUNT
} OpCode;

extern const char *const opcode_names[];

#define GET_OP(i) ((OpCode)((i) & 0xFF))
#define GET_A(i) ((int)(((i) >> 8) & 0xFF))
#define GET_B(i) ((int)(((i) >> 16) & 0xFF))
#define GET_C(i) ((int)((i) >> 24))
#define GET_Bx(i) ((int)((i) >> 16))
#define GET_sBx(i) ((int)((i) >> 16) - 32767)
#define GET_sC(i) ((int)((i) >> 24) - 128)
#define GET_sB(i) ((int)(((i) >> 16) & 0xFF) - 128)
#define GET_sJ(i) ((int)((i) >> 8) - (1 << 23))
#define GET_Ax(i) ((int)((i) >> 8))

#define MK_ABC(op, a, b, c) \
  ((uint32_t)(op) | ((uint32_t)(a) << 8) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 24))
#define MK_ABx(op, a, bx) ((uint32_t)(op) | ((uint32_t)(a) << 8) | ((uint32_t)(bx) << 16))
#define MK_sJ(op, j) ((uint32_t)(op) | ((uint32_t)((j) + (1 << 23)) << 8))
#define MK_Ax(op, ax) ((uint32_t)(op) | ((uint32_t)(ax) << 8))

#define SBX_MIN (-32767)
#define SBX_MAX 32768
#define SC_MIN (-128)
#define SC_MAX 127

#endif
