package server

import (
	"fmt"
	"net/http"
)

// Server serves things.
type Server struct {
	addr string
}

type Handler interface {
	Serve() error
}

type ID int

// Start starts the server.
func (s *Server) Start() error {
	return http.ListenAndServe(s.addr, nil)
}

func (s Server) Addr() string { return s.addr }

func New(addr string) *Server {
	fmt.Println("new")
	return &Server{addr: addr}
}
