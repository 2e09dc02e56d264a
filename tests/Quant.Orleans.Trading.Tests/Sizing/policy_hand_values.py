"""Hand values of the policy sizing tests (PolicyStateTests, PolicySizingBookTests): the state function of
Core/PolicyState.cs (version 1) and a linear Beta head z = W s + b, alpha = softplus(z0) + 1, beta = softplus(z1) + 1,
p = (alpha - beta) / (alpha + beta), in double precision with the standard library only.
Run: /usr/bin/python3 tests/Quant.Orleans.Trading.Tests/Sizing/policy_hand_values.py"""
import math
sp=lambda z: math.log1p(math.exp(z))
def state(mu,s,h,rv,tr):
    c=lambda x,lo=-5,hi=5: min(max(x,lo),hi)
    return [c(mu/s), c(math.log(s/(math.sqrt(h)*1e-4))), c(tr*h/s), c(rv*math.sqrt(h)/s,0,5)]
W=[[1.0,0.0,0.5,0.0],[0.0,0.1,0.0,-0.2]]; B=[0.1,-0.1]
def pos(st):
    z=[sum(w*x for w,x in zip(row,st))+b for row,b in zip(W,B)]
    a=sp(z[0])+1; b=sp(z[1])+1
    return a,b,(a-b)/(a+b)
for args in [(0.002,0.001,60,2e-4,5e-6),(-0.003,0.001,60,2e-4,-5e-6)]:
    st=state(*args); a,b,p=pos(st)
    print(args, st, a,b,repr(p), 'units at mid 100:', p*min(0.1*1_000_000,100_000)/100)
